import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { UsageError } from './dates.ts';
import type { ToolContext } from './tool-context.ts';

/** The file `paperboy backup <file>` writes. */
export function checkBackupArgs(positionals: readonly string[]): string {
  const [file, extra] = positionals;
  if (!file) throw new UsageError('backup needs the file to write, as in: paperboy backup backups/paperboy.db');
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  return file;
}

const MiB = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

/**
 * Writes a consistent copy of the live database to `file` with SQLite's online backup API, safe while the bot
 * runs: all pages are copied in one step, from one read snapshot (in WAL the bot's writes go on meanwhile, and
 * none can restart the copy). The copy goes to a temporary file beside `file`, is turned into a single file
 * (rollback journal, no -wal), and replaces `file` only when complete, so an interrupted backup never leaves a
 * partial file under the name. Restoring is copying it back while the bot is stopped.
 */
export async function runBackup(ctx: ToolContext, file: string): Promise<number> {
  if (resolve(file) === resolve(ctx.config.DATABASE_PATH)) {
    ctx.out(`paperboy: the backup cannot be the database itself (${ctx.config.DATABASE_PATH}) (see paperboy --help)`);
    return 2;
  }
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.partial`;
  try {
    await ctx.db.backup(tmp, { progress: () => 0x7fffffff });
    const copy = new BetterSqlite3(tmp);
    let counts: { papers: number; votes: number; subscriptions: number };
    try {
      copy.pragma('journal_mode = DELETE');
      const count = (table: string) => copy.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;
      counts = { papers: count('papers'), votes: count('votes'), subscriptions: count('subscriptions') };
    } finally {
      copy.close();
    }
    renameSync(tmp, file);
    ctx.out(
      `Backed up ${ctx.config.DATABASE_PATH} to ${file} (${MiB(statSync(file).size)} MiB): ` +
        `${counts.papers} papers, ${counts.votes} votes, ${counts.subscriptions} subscriptions`,
    );
    return 0;
  } catch (err) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    ctx.out(`paperboy: the backup failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
