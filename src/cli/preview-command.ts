import { parseDay, UsageError } from './dates.ts';
import type { ToolContext } from './tool-context.ts';
import { paperAsText } from '../papers/paper-text.ts';
import { ingestDay } from '../sources/ingest-day.ts';

export interface PreviewArgs {
  date?: string | undefined;
  top?: string | undefined;
}

export function checkPreviewArgs(args: PreviewArgs, today: string): { day: string; top: number } {
  const day = args.date ? parseDay(args.date, '--date') : today;
  const top = args.top === undefined ? 10 : Number(args.top);
  if (!Number.isInteger(top) || top < 1 || top > 100) {
    throw new UsageError(`--top expects a whole number from 1 to 100, got ${JSON.stringify(args.top)}`);
  }
  return { day, top };
}

/** Prints a day's list as the bot would post it, fetching the day first when the store lacks it. */
export async function runPreview(ctx: ToolContext, { day, top }: { day: string; top: number }): Promise<number> {
  if (!ctx.fetchLog.latestSuccess(day)) {
    const r = await ingestDay(ctx, day);
    if (r.outcome === 'failed' && ctx.papers.listDay(day, { top: 1 }).length === 0) {
      ctx.out(`Could not fetch ${day} from Hugging Face: ${r.error}`);
      return 1;
    }
  }
  const papers = ctx.papers.listDay(day, { top });
  if (papers.length === 0) {
    ctx.out(`No papers on the Daily Papers list for ${day} (weekends and holidays are usually empty).`);
    return 0;
  }
  ctx.out(`Hugging Face Daily Papers for ${day}: top ${papers.length} by upvotes\n`);
  ctx.out(papers.map((p, i) => paperAsText(p, i + 1)).join('\n\n'));
  return 0;
}
