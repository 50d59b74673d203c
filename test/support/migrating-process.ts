import BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../../src/db/migrate.ts';
import { countedMigrations } from './counted-migrations.ts';

/**
 * Another process migrating the same file: `migrating-process.ts <db> <holdMs>` runs the counted migrations,
 * and inside step 2 (holding the write lock, its write made) prints "locked" and waits holdMs before going on.
 */
const [path, hold] = process.argv.slice(2);
const db = new BetterSqlite3(path);
db.pragma('busy_timeout = 5000');
migrate(
  db,
  countedMigrations((version) => {
    if (version !== 2) return;
    process.stdout.write('locked\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(hold));
  }),
);
db.close();
process.stdout.write('done\n');
