import type { FetchLog } from '../sources/fetch-log.ts';
import { ingestDay, type DayIngest, type IngestContext } from '../sources/ingest-day.ts';

const inFlight = new WeakMap<FetchLog, Map<string, Promise<DayIngest | null>>>();

/**
 * Fetches `day` unless a fetch that reached Hugging Face is more recent than `maxAgeMs`. Concurrent
 * callers for the same day share one fetch, so fifty subscriptions due at 09:00 cost one request.
 * Returns the fresh ingest, or null when the stored list was recent enough.
 */
export function ensureDay(ctx: IngestContext & { now: () => Date }, day: string, maxAgeMs: number): Promise<DayIngest | null> {
  const last = ctx.fetchLog.latestSuccess(day);
  if (last && ctx.now().getTime() - Date.parse(last.fetchedAt) < maxAgeMs) return Promise.resolve(null);
  let days = inFlight.get(ctx.fetchLog);
  if (!days) inFlight.set(ctx.fetchLog, (days = new Map()));
  const running = days.get(day);
  if (running) return running;
  const work = ingestDay(ctx, day).finally(() => days.delete(day));
  days.set(day, work);
  return work;
}
