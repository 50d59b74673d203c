import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';
import { childEnv, nodeArgs, runScript } from '../support/run-script.ts';

let emu: DiscordEmulator;
let dir: string;
let child: ChildProcess | null = null;

beforeEach(async () => {
  emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'paperboy-proc-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await emu.close();
});

const env = (token: string) => ({
  DISCORD_TOKEN: token,
  DISCORD_API_URL: `${emu.url}/api`,
  DATABASE_PATH: join(dir, 'p.db'),
  HF_ENDPOINT: 'http://127.0.0.1:9',
});

describe('npm run deploy-commands', () => {
  it('registers the commands now, to the dev server when DEV_GUILD_ID is set', async () => {
    const r = await runScript('src/discord/deploy-commands.ts', [], env(emu.token), dir);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(
      'Registered 4 command(s) globally (may take a while to show everywhere): /club, /follow, /paper, /papers',
    );
    expect(emu.commands.global.map((c) => c.name).sort()).toEqual(['club', 'follow', 'paper', 'papers']);
    const guildId = emu.guild().id;
    const dev = await runScript(
      'src/discord/deploy-commands.ts',
      [],
      { ...env(emu.token), DEV_GUILD_ID: guildId },
      dir,
    );
    expect(dev.stdout.trim()).toBe(`Registered 4 command(s) to server ${guildId}: /club, /follow, /paper, /papers`);
    const bad = await runScript('src/discord/deploy-commands.ts', [], env('wrong.token'), dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Discord rejected the token');
  });
});

describe('npm start as a process', () => {
  it('says Discord rejected the token in one line and exits 1, never printing it', async () => {
    const r = await runScript('src/main.ts', [], env('not-the-token.abc'), dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'Discord rejected the token (DISCORD_TOKEN): reset it in the Discord Developer Portal (Bot > Reset Token) ' +
        'and update your .env.',
    ]);
    expect(r.stdout + r.stderr).not.toContain('not-the-token');
  });

  it('logs in, registers, answers a command, and exits 0 on SIGTERM', async () => {
    child = spawn(process.execPath, nodeArgs('src/main.ts'), {
      cwd: dir,
      env: childEnv(env(emu.token)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!out.includes('Paperboy is online')) {
      if (Date.now() > deadline) throw new Error(`bot did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const online = JSON.parse(out.split('\n').find((l) => l.includes('Paperboy is online')) ?? '{}') as Record<
      string,
      unknown
    >;
    expect(online).toMatchObject({
      servers: 1,
      papers: 0,
      commands: 'registered globally',
      database: join(dir, 'p.db'),
      invite: `https://discord.com/oauth2/authorize?client_id=${emu.applicationId}&scope=bot+applications.commands&permissions=580851377196032`,
    });
    expect(out).not.toContain(emu.token);
    expect(emu.commands.global.length).toBeGreaterThan(0);

    const ix = emu.sendSlashCommand({ channelId: emu.channel('general').id, name: 'papers', subcommand: 'list' });
    expect((await ix.response).data).toMatchObject({
      flags: 64,
      content: expect.stringContaining('No channel here gets the Daily Papers yet') as string,
    });

    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('shutting down');
  });
});
