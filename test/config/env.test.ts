import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadBotConfig, loadToolConfig, readEnvironment } from '../../src/config/env.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-value';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('environment', () => {
  it('fills in documented defaults', () => {
    const c = loadBotConfig({ DISCORD_TOKEN: TOKEN });
    expect(c).toMatchObject({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: 'https://discord.com/api',
      HF_ENDPOINT: 'https://huggingface.co',
      DATABASE_PATH: './data/paperboy.db',
      LOG_LEVEL: 'info',
    });
    expect(c.DEV_GUILD_ID).toBeUndefined();
    expect(c.HF_TOKEN).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const c = loadBotConfig({ DISCORD_TOKEN: TOKEN, HF_ENDPOINT: '', LOG_LEVEL: ' ', DEV_GUILD_ID: '' });
    expect(c.HF_ENDPOINT).toBe('https://huggingface.co');
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.DEV_GUILD_ID).toBeUndefined();
  });

  it('ARXIV_ENDPOINT: https://arxiv.org by default, trailing slashes trimmed, anything but http(s) refused', () => {
    expect(loadToolConfig({}).ARXIV_ENDPOINT).toBe('https://arxiv.org');
    expect(loadToolConfig({ ARXIV_ENDPOINT: 'http://127.0.0.1:8081//' }).ARXIV_ENDPOINT).toBe('http://127.0.0.1:8081');
    expect(problems(() => loadToolConfig({ ARXIV_ENDPOINT: 'ftp://arxiv.org' }))).toEqual([
      'ARXIV_ENDPOINT: expected an http(s) URL such as https://arxiv.org',
    ]);
  });

  it('ARXIV_TIMEOUT_MS: 20 s by default, a whole number of ms from 1 s to 5 minutes', () => {
    expect(loadToolConfig({}).ARXIV_TIMEOUT_MS).toBe(20_000);
    expect(loadToolConfig({ ARXIV_TIMEOUT_MS: '1500' }).ARXIV_TIMEOUT_MS).toBe(1_500);
    expect(problems(() => loadToolConfig({ ARXIV_TIMEOUT_MS: '50' }))).toEqual([
      'ARXIV_TIMEOUT_MS: expected at least 1000 (milliseconds)',
    ]);
    expect(problems(() => loadToolConfig({ ARXIV_TIMEOUT_MS: 'soon' }))).toHaveLength(1);
  });

  it('strips trailing slashes from URLs', () => {
    const c = loadToolConfig({ HF_ENDPOINT: 'http://127.0.0.1:8080/', DISCORD_API_URL: 'http://127.0.0.1:9/api/' });
    expect(c.HF_ENDPOINT).toBe('http://127.0.0.1:8080');
    expect(c.DISCORD_API_URL).toBe('http://127.0.0.1:9/api');
  });

  it('the bot needs a token; terminal commands do not', () => {
    expect(problems(() => loadBotConfig({}))).toEqual([
      'DISCORD_TOKEN: required: the bot token from the Discord Developer Portal (Bot > Reset Token)',
    ]);
    expect(loadToolConfig({}).DISCORD_TOKEN).toBeUndefined();
  });

  it('reports one line per bad variable, naming it, without echoing values', () => {
    const secret = 'hf_verysecretvalue';
    const lines = problems(() =>
      loadBotConfig({
        DISCORD_TOKEN: 'has a space',
        HF_ENDPOINT: 'ftp://nope',
        DISCORD_API_URL: 'not a url',
        DEV_GUILD_ID: '12ab',
        LOG_LEVEL: 'loud',
        HF_TOKEN: secret,
      }),
    );
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual([
      'DEV_GUILD_ID',
      'DISCORD_API_URL',
      'DISCORD_TOKEN',
      'HF_ENDPOINT',
      'LOG_LEVEL',
    ]);
    expect(lines.join('\n')).not.toContain('has a space');
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.find((l) => l.startsWith('LOG_LEVEL'))).toContain('expected one of trace, debug, info');
  });

  it('reads .env when present, real variables winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-env-'));
    writeFileSync(join(dir, '.env'), 'DATABASE_PATH=/from/file.db\nLOG_LEVEL=debug\n# comment\n');
    const env = readEnvironment({ LOG_LEVEL: 'warn' }, dir);
    expect(loadToolConfig(env)).toMatchObject({ DATABASE_PATH: '/from/file.db', LOG_LEVEL: 'warn' });
    expect(readEnvironment({ A: '1' }, join(dir, 'missing'))).toEqual({ A: '1' });
  });
});
