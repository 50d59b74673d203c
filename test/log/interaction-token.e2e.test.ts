import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { redactTokens } from '../../src/log/logger.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { startBot, tempDbPath, type Harness } from '../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';
import { listedOn, paper } from '../support/papers.ts';

/*
 * A Discord REST error carries the URL it was sent to, and for an interaction that URL holds the interaction's
 * token (/webhooks/<app>/<token>/… and /interactions/<id>/<token>/callback), with which anyone could answer as
 * the bot. The router logs such errors; the log must keep the error and lose the token.
 */
let emu: DiscordEmulator;
let h: Harness | null = null;

beforeEach(async () => {
  emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
});
afterEach(async () => {
  await h?.bot.stop();
  h = null;
  await emu.close();
});

async function botWithPaper(): Promise<Harness> {
  const databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save([
    listedOn('2025-09-08', paper('2509.04664', { title: 'Why Language Models Hallucinate' })),
  ]);
  db.close();
  return startBot(emu, { databasePath });
}

const until = async (check: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error('timed out');
};

describe('interaction tokens never reach the log', () => {
  it.each([
    ['the edit of a deferred reply and the error follow-up', 'PATCH', /^\/webhooks\//, 'webhooks'],
    ['the interaction callback and the error reply', 'POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 'interactions'],
  ])('when %s fail, the errors are logged without the token', async (_what, method, pathPattern, route) => {
    h = await botWithPaper();
    // Every answer to this interaction fails: the handler's own, then the router's attempt to report the error.
    emu.injectFault({ method, pathPattern, status: 400, times: 2 });
    const ix = emu.sendSlashCommand({
      channelId: emu.channel('general').id,
      name: 'paper',
      subcommand: 'summary',
      options: { paper: '2509.04664' },
    });
    const logs = h.logs;
    await until(() => logs.lines.some((l) => l.msg === 'could not tell the member about an error'));

    const failed = logs.lines.find((l) => l.msg === 'interaction handler failed');
    expect(failed).toMatchObject({
      level: 50,
      err: { status: 400, message: expect.stringContaining('Invalid Form Body') as string },
    });
    const url = (failed!.err as { url: string }).url;
    expect(url).toContain(`/${route}/`);
    expect(url).toContain('/[redacted]');
    expect(logs.text()).not.toContain(ix.token);
  });
});

describe('redactTokens', () => {
  it('redacts the token segment of webhook and interaction paths, and nothing else', () => {
    const base = 'https://discord.com/api/v10';
    expect(redactTokens(`PATCH ${base}/webhooks/1234/aW50ZXJhY3Rpb246OjE.x-y_z/messages/@original failed`)).toBe(
      `PATCH ${base}/webhooks/1234/[redacted]/messages/@original failed`,
    );
    expect(redactTokens(`${base}/interactions/5678/tok.en-1/callback?with_response=true`)).toBe(
      `${base}/interactions/5678/[redacted]/callback?with_response=true`,
    );
    expect(redactTokens(`${base}/channels/1234/messages/5678`)).toBe(`${base}/channels/1234/messages/5678`);
  });
});
