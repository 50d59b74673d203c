import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { immediate } from '../../src/db/immediate.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase, type Database } from '../../src/db/open.ts';
import { deliverDay } from '../../src/delivery/deliver-day.ts';
import { createDeliveryStore } from '../../src/delivery/delivery-store.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { createSearch } from '../../src/search/search-engine.ts';
import { createGuildSettingsStore } from '../../src/settings/guild-settings-store.ts';
import { createFetchLog } from '../../src/sources/fetch-log.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../src/subscriptions/subscription.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { captureLog } from '../support/capture-log.ts';
import { countedMigrations } from '../support/counted-migrations.ts';
import { listedOn, paper, storePapers } from '../support/papers.ts';
import { nodeArgs } from '../support/run-script.ts';

/*
 * Two connections to one file, as the bot and `paperboy ingest` are. Connection A runs in a worker thread
 * (better-sqlite3 is synchronous: in this thread it could never commit while B waits): it takes the write
 * lock, writes, holds the lock for HOLD_MS and commits. Connection B, here, runs a transaction of the
 * product that reads and then writes. DEFERRED, SQLite refuses the upgrade to a write lock at once
 * (SQLITE_BUSY, busy_timeout is not consulted); IMMEDIATE, it waits for A and succeeds.
 */
const HOLD_MS = 400;
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO fetches (day, outcome, papers, fetched_at) VALUES ('2000-01-01', 'empty', 0, 'a')").run();
parentPort.postMessage('locked');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec('COMMIT');
db.close();
parentPort.postMessage('committed');
`;

/** Starts connection A; resolves once it holds the write lock, with a promise of its commit. */
function holdWriteLock(path: string): Promise<{ committed: Promise<void> }> {
  const worker = new Worker(HOLDER, { eval: true, workerData: { path, driver: DRIVER, holdMs: HOLD_MS } });
  let committed!: () => void;
  const done = new Promise<void>((r) => (committed = r));
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m) => {
      if (m === 'locked') resolve({ committed: done });
      if (m === 'committed') committed();
    });
  });
}

let path: string;
let db: Database;
beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'paperboy-lock-')), 'p.db');
  db = openDatabase(path);
});
afterEach(() => db.close());

/** Runs `write` on connection B while A holds the write lock (`write` starts synchronously, before A commits). */
async function whileLocked<T>(write: () => T | Promise<T>): Promise<T> {
  const a = await holdWriteLock(path);
  const result = (async () => write())();
  result.catch(() => undefined); // awaited below, after A has committed
  await a.committed;
  return result;
}

describe('a transaction that reads then writes, while another connection writes', () => {
  it('deferred, it fails at once with SQLITE_BUSY (the defect, reproduced)', async () => {
    const deferred = db.transaction(() => {
      db.prepare('SELECT count(*) FROM papers').get();
      db.prepare("INSERT INTO fetches (day, outcome, papers, fetched_at) VALUES ('2000-01-02', 'empty', 0, 'b')").run();
    });
    let took = 0;
    await expect(
      whileLocked(() => {
        const started = Date.now();
        try {
          deferred();
        } finally {
          took = Date.now() - started;
        }
      }),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(took).toBeLessThan(HOLD_MS / 2); // at once: busy_timeout (5 s) was not waited for
  });

  it('immediate(db, fn) waits for the lock and succeeds after the other commits', async () => {
    const tx = immediate(db, (day: string) => {
      db.prepare('SELECT count(*) FROM papers').get();
      return db.prepare("INSERT INTO fetches (day, outcome, papers, fetched_at) VALUES (?, 'empty', 0, 'b')").run(day)
        .changes;
    });
    const started = Date.now();
    expect(await whileLocked(() => tx('2000-01-02'))).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_MS / 2);
    expect(db.prepare('SELECT count(*) FROM fetches').pluck().get()).toBe(2);
  });

  it("the paper store's save waits instead of failing", async () => {
    const papers = createPaperStore(db);
    expect((await whileLocked(() => papers.save([listedOn('2025-09-08', paper('2509.00001'))]))).added).toBe(1);
    expect(papers.count()).toBe(1);
  });

  it("the search index's sync waits instead of failing", async () => {
    storePapers(db, [paper('2509.00001'), paper('2509.00002')]);
    const search = createSearch(db, { autoSync: false });
    expect(await whileLocked(() => search.sync())).toBe(2);
  });

  it('deliverDay plans and marks the run, waiting instead of failing', async () => {
    storePapers(db, [paper('2509.00001'), paper('2509.00002')], { day: '2025-09-08' });
    const subscriptions = createSubscriptionStore(db);
    const sub = subscriptions.save('222222222222222222', '111111111111111111', SUBSCRIPTION_DEFAULTS, null);
    const deliveries = createDeliveryStore(db);
    const ctx = {
      db,
      papers: createPaperStore(db),
      fetchLog: createFetchLog(db),
      deliveries,
      subscriptions,
      guildSettings: createGuildSettingsStore(db),
      outbox: { send: () => Promise.resolve() },
      taste: { serverTaste: () => Promise.resolve(null) },
      log: captureLog().log,
    };
    expect(await whileLocked(() => deliverDay(ctx, sub, '2025-09-08', 'scheduled'))).toBe(2);
    expect(subscriptions.get(sub.channelId)?.lastRunDay).toBe('2025-09-08');
  });
});

describe('migrations from two processes at once', () => {
  const version = (d: BetterSqlite3.Database) => d.pragma('user_version', { simple: true }) as number;
  const applied = (d: BetterSqlite3.Database) =>
    d.prepare('SELECT version FROM applied ORDER BY rowid').pluck().all() as number[];

  it('read user_version under the write lock, so each step runs once', async () => {
    // A database at step 1 of 3, upgraded by two processes started together: the other process is inside step 2
    // (its write made, the lock held) when this one migrates. This one must wait, then see version 2, not run
    // step 2 again, and not set the version back.
    const file = join(mkdtempSync(join(tmpdir(), 'paperboy-migrate-')), 'old.db');
    const b = new BetterSqlite3(file);
    b.pragma('journal_mode = WAL');
    b.pragma('busy_timeout = 5000');
    migrate(b, countedMigrations().slice(0, 1));
    const other = spawn(process.execPath, nodeArgs('test/support/migrating-process.ts', [file, String(HOLD_MS)]), {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let said = '';
    const exited = new Promise<number | null>((r) => other.on('close', r));
    await new Promise<void>((resolve, reject) => {
      other.stdout.on('data', (d: Buffer) => {
        said += d.toString();
        if (said.includes('locked')) resolve();
      });
      other.on('error', reject);
      void exited.then(() => reject(new Error(`the other process ended early: ${said}`)));
    });
    try {
      expect(migrate(b, countedMigrations())).toEqual({ from: 1, to: 3 });
    } finally {
      expect(await exited).toBe(0);
    }
    expect(version(b)).toBe(3);
    expect(applied(b)).toEqual([1, 2, 3]);
    b.close();
  });
});
