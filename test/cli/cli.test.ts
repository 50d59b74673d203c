import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { BIG_DAY_COUNT, FULL_PAGE_COUNT, fixtureDays, WEEKDAY, WEEKDAY_VALID_IDS } from '../support/hf/fixtures.ts';
import { startHfServer, type HfFake } from '../support/hf/server.ts';
import { runScript } from '../support/run-script.ts';

let hf: HfFake;
let dir: string;
let db: string;
let out: string[];

beforeAll(async () => {
  hf = await startHfServer({ days: fixtureDays() });
});
afterAll(() => hf.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  db = join(dir, 'p.db');
  out = [];
  process.env.DATABASE_PATH = db;
  process.env.HF_ENDPOINT = hf.url;
  process.env.LOG_LEVEL = 'silent';
  hf.resetRequests();
});

const cli = (...argv: string[]) => runCli(argv, (line) => out.push(line), false);
const count = (sql: string) => {
  const d = new BetterSqlite3(db, { readonly: true });
  try {
    return d.prepare(sql).pluck().get() as number;
  } finally {
    d.close();
  }
};
// 2025-09-10 weekday (5 valid), 09-11 (137), 09-12 (4 valid, 2 broken), 09-13 and 09-14 empty, 09-15 (100).
const RANGE_PAPERS = WEEKDAY_VALID_IDS.length + BIG_DAY_COUNT + 4 + FULL_PAGE_COUNT;

describe('paperboy ingest', () => {
  it('backfills a range once, and a re-run only updates', async () => {
    expect(await cli('ingest', '--from', '2025-09-10', '--to', '2025-09-15')).toBe(0);
    expect(out.filter((l) => /^\[\d+\/6\]/.test(l))).toHaveLength(6);
    const summary = out.find((l) => l.startsWith('Ingested'));
    expect(summary).toContain(`6 day(s)`);
    expect(summary).toContain(
      `${RANGE_PAPERS} papers (${RANGE_PAPERS} new, 0 updated), 2 empty day(s), 0 failed day(s), 2 entries skipped`,
    );
    expect(count('SELECT count(*) FROM papers')).toBe(RANGE_PAPERS);
    expect(count('SELECT count(*) FROM paper_days')).toBe(RANGE_PAPERS);
    expect(count('SELECT count(*) FROM search_queue')).toBe(0); // indexed for search before the command ends

    out = [];
    expect(await cli('ingest', '--from', '2025-09-10', '--to', '2025-09-15')).toBe(0);
    expect(out.find((l) => l.startsWith('Ingested'))).toContain(`(0 new, ${RANGE_PAPERS} updated)`);
    expect(count('SELECT count(*) FROM papers')).toBe(RANGE_PAPERS);
    expect(count("SELECT count(*) FROM fetches WHERE outcome = 'empty'")).toBe(4);
  });

  it('reports a day that failed and exits 1, keeping the others', async () => {
    hf.fault({ kind: 'status', status: 404, date: '2025-09-11' });
    expect(await cli('ingest', '--from', '2025-09-10', '--to', '2025-09-11')).toBe(1);
    expect(out.find((l) => l.startsWith('Ingested'))).toContain('1 failed day(s)');
    expect(out.some((l) => l.includes('2025-09-11: Hugging Face answered HTTP 404'))).toBe(true);
    expect(count('SELECT count(*) FROM papers')).toBe(WEEKDAY_VALID_IDS.length);
  });

  it.each([
    [['ingest', '--from', '2025-13-40'], '--from expects a date as YYYY-MM-DD, got "2025-13-40"'],
    [['ingest', '--from', '2025-02-30'], '--from expects a date'],
    [['ingest'], 'ingest needs --from YYYY-MM-DD'],
    [['ingest', '--from', '2025-09-12', '--to', '2025-09-10'], '--from 2025-09-12 is after --to 2025-09-10'],
    [['preview', '--top', 'ten'], '--top expects a whole number from 1 to 100'],
    [['fly'], 'unknown command "fly"'],
    [['ingest', '--form', '2025-01-01'], "Unknown option '--form'"],
    [[], 'no command given'],
  ])('refuses %j with one line and exit code 2, touching nothing', async (argv, message) => {
    expect(await cli(...argv)).toBe(2);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(message);
    expect(hf.requests).toHaveLength(0);
  });
});

describe('paperboy preview and stats', () => {
  it('fetches a missing day, then prints it from the store', async () => {
    expect(await cli('preview', '--date', WEEKDAY, '--top', '3')).toBe(0);
    const text = out.join('\n');
    expect(text).toContain(`Hugging Face Daily Papers for ${WEEKDAY}: top 3 by upvotes`);
    expect(text.match(/^\d+\. /gm)).toHaveLength(3);
    expect(text).toContain('https://huggingface.co/papers/');
    expect(text).toContain('https://arxiv.org/pdf/');
    expect(hf.dailyRequests(WEEKDAY)).toHaveLength(1);

    out = [];
    expect(await cli('preview', '--date', WEEKDAY)).toBe(0);
    expect(out.join('\n').match(/^\d+\. /gm)).toHaveLength(WEEKDAY_VALID_IDS.length);
    expect(hf.dailyRequests(WEEKDAY)).toHaveLength(1);
  });

  it('says so on an empty day', async () => {
    expect(await cli('preview', '--date', '2025-09-13')).toBe(0);
    expect(out[0]).toContain('No papers on the Daily Papers list for 2025-09-13');
  });

  it('counts papers, days and size', async () => {
    await cli('ingest', '--from', '2025-09-10', '--to', '2025-09-11');
    out = [];
    expect(await cli('stats')).toBe(0);
    expect(out[0]).toBe(`Papers stored: ${WEEKDAY_VALID_IDS.length + BIG_DAY_COUNT}`);
    expect(out[1]).toBe('Days covered:  2 (2025-09-10 to 2025-09-11)');
    expect(out[2]).toMatch(/p\.db \(\d+\.\d\d MiB\)$/);
  });
});

describe('as a process', () => {
  it('npm run paperboy ingest stores every valid paper once, exit 0', async () => {
    const r = await runScript(
      'src/cli/bin.ts',
      ['ingest', '--from', '2025-09-10', '--to', '2025-09-12'],
      { DATABASE_PATH: db, HF_ENDPOINT: hf.url },
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(146 new, 0 updated)');
    expect(count('SELECT count(*) FROM papers')).toBe(146);
  });

  it('exits 2 on a bad date', async () => {
    const r = await runScript('src/cli/bin.ts', ['ingest', '--from', '2025-13-40'], { DATABASE_PATH: db }, dir);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringContaining('--from expects a date')]);
  });

  it('the bot without DISCORD_TOKEN prints one line about it and exits 1', async () => {
    const r = await runScript('src/main.ts', [], { DATABASE_PATH: db, DISCORD_TOKEN: '' }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'Configuration error: DISCORD_TOKEN: required: ' +
        'the bot token from the Discord Developer Portal (Bot > Reset Token)',
    ]);
    expect(r.stdout).toBe('');
  });
});
