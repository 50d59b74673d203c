import type { Database } from 'better-sqlite3';

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
 * version bump, so a crash leaves the database at the previous step, never half-way through one.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new MigrationError(
      `the database is at schema version ${from}, newer than this Paperboy knows (${latest}); upgrade Paperboy`,
    );
  }
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
