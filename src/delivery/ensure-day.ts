import type { FetchLog } from '../sources/fetch-log.ts';
import type { FetchPriority } from '../sources/hf-client.ts';
import { ingestDay, type DayIngest, type IngestContext } from '../sources/ingest-day.ts';

export type DayFetcher = ReturnType<typeof createDayFetcher>;

export interface DayFetcherContext extends IngestContext {
  fetchLog: FetchLog;
  now: () => Date;
  /** Indexes new and changed papers for search, so a member's search never pays for it. */
  index: () => void;
}

/** Fetches days on demand; concurrent callers for the same day share one fetch. */
export function createDayFetcher(ctx: DayFetcherContext) {
  const running = new Map<string, Promise<DayIngest | null>>();
  return {
    /**
     * Fetches `day` unless a fetch that reached Hugging Face is more recent than `maxAgeMs`, so fifty
     * subscriptions due at 09:00 cost one request. Returns the fresh ingest, or null when the stored list
     * was recent enough. Deliveries fetch with `scheduled` priority, members' commands with `on-demand`.
     */
    ensure(day: string, maxAgeMs: number, priority: FetchPriority): Promise<DayIngest | null> {
      const last = ctx.fetchLog.latestSuccess(day);
      if (last && ctx.now().getTime() - Date.parse(last.fetchedAt) < maxAgeMs) return Promise.resolve(null);
      const current = running.get(day);
      if (current) return current;
      const work = ingestDay(ctx, day, priority)
        .then((result) => {
          if (result.added + result.updated > 0) ctx.index();
          return result;
        })
        .finally(() => running.delete(day));
      running.set(day, work);
      return work;
    },
    /** Whether `ensure` would have to ask Hugging Face: the day was never fetched and is not being fetched. */
    isUnstored(day: string): boolean {
      return !running.has(day) && ctx.fetchLog.latestSuccess(day) === null;
    },
  };
}
