import { eachDay, parseDay, UsageError } from './dates.ts';
import { createProgress } from './progress.ts';
import type { ToolContext } from './tool-context.ts';
import { ingestDay } from '../sources/ingest-day.ts';
import { createSearch } from '../search/search-engine.ts';

export interface IngestArgs {
  from?: string | undefined;
  to?: string | undefined;
}

export function checkIngestArgs(args: IngestArgs, today: string): { from: string; to: string } {
  if (!args.from) throw new UsageError('ingest needs --from YYYY-MM-DD');
  const from = parseDay(args.from, '--from');
  const to = args.to ? parseDay(args.to, '--to') : today;
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

/** Backfills a range of days one request at a time. Returns the exit code: 1 when any day failed. */
export async function runIngest(ctx: ToolContext, range: { from: string; to: string }): Promise<number> {
  const days = eachDay(range.from, range.to);
  const progress = createProgress(days.length, ctx.isTTY, ctx.out);
  const total = { papers: 0, added: 0, updated: 0, empty: 0, failed: 0, skipped: 0 };
  const failures: string[] = [];
  const started = performance.now();
  for (const day of days) {
    const r = await ingestDay(ctx, day);
    total.papers += r.papers;
    total.added += r.added;
    total.updated += r.updated;
    total.skipped += r.skipped;
    if (r.outcome === 'empty') total.empty++;
    if (r.outcome === 'failed') {
      total.failed++;
      failures.push(`  ${day}: ${r.error}`);
    }
    progress.tick(`${day} ${r.outcome === 'failed' ? 'failed' : `${r.papers} papers`}`);
  }
  progress.stop();
  // Index the new papers for search now, so the bot's first search after a backfill stays fast.
  createSearch(ctx.db).sync();
  const secs = (performance.now() - started) / 1000;
  ctx.out(
    `Ingested ${days.length} day(s) in ${secs.toFixed(1)} s: ` +
      `${total.papers} papers (${total.added} new, ${total.updated} updated), ` +
      `${total.empty} empty day(s), ${total.failed} failed day(s), ${total.skipped} entries skipped.`,
  );
  for (const line of failures) ctx.out(line);
  return total.failed > 0 ? 1 : 0;
}
