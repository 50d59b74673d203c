import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { openDatabase, type Database } from '../../src/db/open.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../src/subscriptions/subscription.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { createVoteStore } from '../../src/votes/vote-store.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { listedOn, paper, storePapers } from '../support/papers.ts';
import { runScript } from '../support/run-script.ts';

let dir: string;
let live: string;
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-backup-'));
  live = join(dir, 'data', 'paperboy.db');
  out = [];
  process.env.DATABASE_PATH = live;
  process.env.LOG_LEVEL = 'silent';
});

const cli = (...argv: string[]) => runCli(argv, (line) => out.push(line), false);
const GUILD = '111111111111111111';
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `2509.${String(10000 + from + i)}`);
const counts = (db: BetterSqlite3.Database) => {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    papers: count('papers'),
    paper_days: count('paper_days'),
    votes: count('votes'),
    subscriptions: count('subscriptions'),
  };
};

function seed(db: Database): void {
  storePapers(
    db,
    ids(300).map((id) => paper(id)),
  );
  const votes = createVoteStore(db);
  for (const id of ids(40))
    for (const user of ['1', '2', '3']) votes.toggleButtonVote(GUILD, id, `44444444444444444${user}`);
  const subs = createSubscriptionStore(db);
  for (const ch of ['222222222222222222', '222222222222222223']) subs.save(ch, GUILD, SUBSCRIPTION_DEFAULTS, null);
}

describe('paperboy backup', () => {
  it('writes a copy that opens and holds the same papers, votes and subscriptions; a restore is a file copy', async () => {
    const db = openDatabase(live);
    seed(db);
    const expected = counts(db);
    expect(expected).toMatchObject({ papers: 300, votes: 120, subscriptions: 2 });

    const file = join(dir, 'backups', 'nightly.db'); // its folder is created
    expect(await cli('backup', file)).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      new RegExp(`^Backed up .* to .*nightly\\.db \\(\\d+\\.\\d\\d MiB\\): 300 papers, 120 votes, 2 subscriptions$`),
    );
    // One self-contained file, no temporary left beside it.
    expect(readdirSync(join(dir, 'backups'))).toEqual(['nightly.db']);

    const copy = openDatabase(file);
    expect(counts(copy)).toEqual(expected);
    copy.close();

    // Things change after the backup; restoring (bot stopped) brings back the backed-up state.
    createPaperStore(db).save([listedOn('2025-09-09', paper('2509.99999'))]);
    db.close();
    copyFileSync(file, live);
    for (const f of [`${live}-wal`, `${live}-shm`]) rmSync(f, { force: true });
    const restored = openDatabase(live);
    expect(counts(restored)).toEqual(expected);
    restored.close();
  });

  it.each([
    [['backup'], 'backup needs the file to write'],
    [['backup', 'a.db', 'b.db'], 'unexpected argument "b.db"'],
    [['stats', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j with one line and exit code 2, creating no database', async (argv, message) => {
    expect(await cli(...argv)).toBe(2);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(message);
    expect(existsSync(live)).toBe(false);
  });

  it('refuses to write over the database itself', async () => {
    openDatabase(live).close();
    expect(await cli('backup', live)).toBe(2);
    expect(out[0]).toContain('cannot be the database itself');
  });

  it('is consistent while another connection keeps writing', async () => {
    // The live database is written to in transactions of 50 papers (each listed on a day, each queued for the
    // search index by trigger) while `paperboy backup` runs as its own process: the copy must hold whole
    // transactions only, and pass SQLite's integrity check.
    const db = openDatabase(live);
    storePapers(
      db,
      ids(20_000).map((id) => paper(id, { abstract: `A longer abstract of ${id}. `.repeat(20) })),
    );
    const papers = createPaperStore(db);
    let next = 20_000;
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        papers.save(ids(50, next).map((id) => listedOn('2025-09-09', paper(id))));
        next += 50;
        writes++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const file = join(dir, 'during.db');
    const r = await runScript('src/cli/bin.ts', ['backup', file], { DATABASE_PATH: live, LOG_LEVEL: 'silent' }, dir);
    writing = false;
    await writer;
    db.close();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(writes).toBeGreaterThan(1); // the writer was busy while the backup ran

    const copy = new BetterSqlite3(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const c = counts(copy);
    expect(c.papers % 50).toBe(0);
    expect(c.papers).toBeGreaterThanOrEqual(20_000);
    expect(c.paper_days).toBe(c.papers);
    expect(copy.prepare('SELECT count(*) FROM search_queue').pluck().get()).toBe(c.papers);
    expect(r.stdout).toContain(`: ${c.papers} papers,`);
    copy.close();
  });
});
