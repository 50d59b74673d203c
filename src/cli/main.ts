import { parseArgs } from 'node:util';
import { ConfigError, loadToolConfig } from '../config/env.ts';
import { createLogger } from '../log/logger.ts';
import { checkBackupArgs, runBackup } from './backup-command.ts';
import { UsageError, utcDay } from './dates.ts';
import { checkIngestArgs, runIngest } from './ingest-command.ts';
import { checkPreviewArgs, runPreview } from './preview-command.ts';
import { runStats } from './stats-command.ts';
import { createToolContext, type ToolContext } from './tool-context.ts';

const HELP = `Usage: paperboy <command> [options]

Commands:
  ingest --from YYYY-MM-DD [--to YYYY-MM-DD]   Backfill Daily Papers for a range of days (default --to: today, UTC)
  preview [--date YYYY-MM-DD] [--top N]        Print a day's list as the bot would post it (default: today, top 10)
  stats                                        Papers stored, days covered, database size
  backup <file>                                Write a consistent copy of the database, safe while the bot runs

Environment: DATABASE_PATH, HF_ENDPOINT, HF_TOKEN, LOG_LEVEL (see README). No Discord token is needed.`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  date: { type: 'string' },
  top: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one terminal command and returns its exit code: 0 ok, 1 failure, 2 bad arguments. */
export async function runCli(
  argv: string[],
  out: (line: string) => void = console.log,
  isTTY = Boolean(process.stdout.isTTY),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    out(`paperboy: ${(err as Error).message.split('\n')[0]} (see paperboy --help)`);
    return 2;
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    out(HELP);
    return 0;
  }
  try {
    // Arguments are checked before anything is opened, so a typo never creates a database.
    const run = planCommand(command, parsed.values, extra, utcDay(new Date()));
    const config = loadToolConfig();
    const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, fd: 2 });
    const ctx = createToolContext(config, log, out, isTTY);
    try {
      return await run(ctx);
    } finally {
      ctx.db.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      out(`paperboy: ${err.message} (see paperboy --help)`);
      return 2;
    }
    if (err instanceof ConfigError) {
      for (const p of err.problems) out(`Configuration error: ${p}`);
      return 1;
    }
    throw err;
  }
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function planCommand(
  command: string | undefined,
  values: Values,
  positionals: string[],
  today: string,
): (ctx: ToolContext) => Promise<number> {
  if (command !== 'backup' && positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  switch (command) {
    case 'ingest': {
      const range = checkIngestArgs(values, today);
      return (ctx) => runIngest(ctx, range);
    }
    case 'preview': {
      const args = checkPreviewArgs(values, today);
      return (ctx) => runPreview(ctx, args);
    }
    case 'stats':
      return (ctx) => Promise.resolve(runStats(ctx));
    case 'backup': {
      const file = checkBackupArgs(positionals);
      return (ctx) => runBackup(ctx, file);
    }
    default:
      throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'no command given');
  }
}
