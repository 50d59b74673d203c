import type { Database } from 'better-sqlite3';

/**
 * `fn` as a transaction that takes the write lock when it begins (BEGIN IMMEDIATE). Every transaction that
 * writes uses it: a DEFERRED one that reads first and then writes, while another connection (`paperboy
 * ingest` beside the bot) holds the write lock, fails at once with SQLITE_BUSY, because SQLite cannot wait
 * for a lock it may never get without breaking the reader's snapshot. Taking the lock first makes it wait
 * for busy_timeout like any single write. Called inside another transaction, it is a savepoint of that one.
 */
export function immediate<A extends unknown[], R>(db: Database, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A): R => tx.immediate(...args);
}
