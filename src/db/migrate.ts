import type { Database } from 'better-sqlite3';
import { immediate } from './immediate.ts';

export interface Migration {
  /** 1-based and consecutive: the value `PRAGMA user_version` holds once the step has run. */
  version: number;
  name: string;
  up(db: Database): void;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the latest version. Each step runs in its own transaction together with the
 * version bump, so a crash leaves the database at the previous step, never half-way through one. The
 * transaction takes the write lock first and reads the version under it: two processes started together
 * after an upgrade (the bot and `paperboy ingest`) take turns, and the second finds the steps already done.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const known = (version: number): number => {
    if (version > latest) {
      throw new MigrationError(
        `the database is at schema version ${version}, newer than this Paperboy knows (${latest}); upgrade Paperboy`,
      );
    }
    return version;
  };
  const from = known(schemaVersion(db));
  /** Runs the next step, if any is left; false when the database is at the latest version. */
  const step = immediate(db, (): boolean => {
    const m = migrations[known(schemaVersion(db))];
    if (!m) return false;
    m.up(db);
    db.pragma(`user_version = ${m.version}`);
    return true;
  });
  for (let more = from < latest; more; more = step());
  return { from, to: latest };
}
