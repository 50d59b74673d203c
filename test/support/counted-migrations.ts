import type { Database } from 'better-sqlite3';
import type { Migration } from '../../src/db/migrate.ts';

/**
 * Three migration steps that record each run of themselves in `applied`, so a test can tell a step that ran
 * twice. `during(version)` is called inside a step, after its write, while it holds the write lock.
 */
export function countedMigrations(during: (version: number) => void = () => undefined): Migration[] {
  const step = (version: number) => (db: Database) => {
    if (version === 1) db.exec('CREATE TABLE applied (version INTEGER NOT NULL) STRICT');
    db.prepare('INSERT INTO applied (version) VALUES (?)').run(version);
    during(version);
  };
  return [1, 2, 3].map((version) => ({ version, name: `step ${version}`, up: step(version) }));
}
