import type { FetchLog } from '../sources/fetch-log.ts';
import { ingestDay, type DayIngest, type IngestContext } from '../sources/ingest-day.ts';

export type DayFetcher = ReturnType<typeof createDayFetcher>;

/** Fetches days on demand; concurrent callers for the same day share one fetch. */
export function createDayFetcher(ctx: IngestContext & { fetchLog: FetchLog; now: () => Date }) {
  const running = new Map<string, Promise<DayIngest | null>>();
  return {
    /**
     * Fetches `day` unless a fetch that reached Hugging Face is more recent than `maxAgeMs`, so fifty
     * subscriptions due at 09:00 cost one request. Returns the fresh ingest, or null when the stored list
     * was recent enough.
     */
    ensure(day: string, maxAgeMs: number): Promise<DayIngest | null> {
      const last = ctx.fetchLog.latestSuccess(day);
      if (last && ctx.now().getTime() - Date.parse(last.fetchedAt) < maxAgeMs) return Promise.resolve(null);
      const current = running.get(day);
      if (current) return current;
      const work = ingestDay(ctx, day).finally(() => running.delete(day));
      running.set(day, work);
      return work;
    },
  };
}
