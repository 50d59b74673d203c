import type { Logger } from '../log/logger.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { FetchLog, FetchOutcome } from './fetch-log.ts';
import { HfFetchError, type FetchPriority, type HfClient } from './hf-client.ts';

export interface IngestContext {
  hf: HfClient;
  papers: PaperStore;
  fetchLog: FetchLog;
  log?: Logger;
}

export interface DayIngest {
  day: string;
  outcome: FetchOutcome;
  papers: number;
  added: number;
  updated: number;
  skipped: number;
  withdrawn: number;
  error: string | null;
}

/**
 * Fetches one day of the Daily Papers list and stores it. Never throws for a failed fetch: the failure
 * is recorded in the fetch log and returned, and what the store already held is left as it was.
 */
export async function ingestDay(
  ctx: IngestContext,
  day: string,
  priority: FetchPriority = 'scheduled',
): Promise<DayIngest> {
  try {
    const list = await ctx.hf.fetchDay(day, { priority });
    const { added, updated } = ctx.papers.save(list.entries);
    const outcome: FetchOutcome = list.entries.length === 0 && list.skipped.length === 0 ? 'empty' : 'ok';
    ctx.fetchLog.record({
      day,
      outcome,
      papers: list.entries.length,
      added,
      skipped: list.skipped.length,
      error: null,
    });
    ctx.log?.info(
      { day, outcome, papers: list.entries.length, added, skipped: list.skipped.length },
      'fetched daily papers',
    );
    return {
      day,
      outcome,
      papers: list.entries.length,
      added,
      updated,
      skipped: list.skipped.length,
      withdrawn: list.withdrawn.length,
      error: null,
    };
  } catch (err) {
    if (!(err instanceof HfFetchError)) throw err;
    ctx.fetchLog.record({ day, outcome: 'failed', papers: 0, added: 0, skipped: 0, error: err.message });
    ctx.log?.warn({ day, error: err.message }, 'fetching daily papers failed');
    return { day, outcome: 'failed', papers: 0, added: 0, updated: 0, skipped: 0, withdrawn: 0, error: err.message };
  }
}
