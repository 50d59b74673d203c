import type { Logger } from '../log/logger.ts';
import type { DailyEntry } from '../papers/paper.ts';
import { readDailyEntry } from './hf-schema.ts';
import { backoffMs, isRetryableStatus, rateLimitWaitMs, retryAfterMs } from './retry-policy.ts';

export interface HfClientOptions {
  endpoint: string;
  token?: string | undefined;
  timeoutMs?: number;
  /** Attempts after the first, for network errors, timeouts, 5xx and 429. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The longest wait a Retry-After or RateLimit header may ask for before the fetch gives up instead. */
  maxServerWaitMs?: number;
  pageSize?: number;
  log?: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The bot's clock: a Retry-After given as a date is a wait from now. */
  now?: () => Date;
}

/**
 * Who waits for a fetch: the daily deliveries (`scheduled`) go before what a member asked for (`on-demand`,
 * a preview or post-now), so no command can hold up every server's delivery.
 */
export type FetchPriority = 'scheduled' | 'on-demand';

export interface SkippedEntry {
  id: string;
  reason: string;
}

export interface DayList {
  day: string;
  entries: DailyEntry[];
  skipped: SkippedEntry[];
  withdrawn: string[];
}

/** A fetch that failed for good. Its message is safe to show and store: it never holds the token. */
export class HfFetchError extends Error {
  override name = 'HfFetchError';
}

const MAX_PAGES = 50;
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type HfClient = ReturnType<typeof createHfClient>;

export function createHfClient(opts: HfClientOptions) {
  const {
    endpoint,
    token,
    timeoutMs = 15_000,
    retries = 4,
    baseDelayMs = 1_000,
    maxDelayMs = 60_000,
    pageSize: requestedPageSize = 100,
    maxServerWaitMs = 10 * 60_000,
    log,
    fetch: doFetch = globalThis.fetch,
    sleep = defaultSleep,
    random = Math.random,
    now = () => new Date(),
  } = opts;
  // The API caps a page at 100; asking for more would make a full page look short and end paging early.
  const pageSize = Math.min(100, Math.max(1, requestedPageSize));
  // Hugging Face allows 500 requests per 5 minutes per IP: one fetch at a time keeps us well inside. Waiting
  // fetches start in order of priority, then of arrival.
  const waiting: Record<FetchPriority, Array<() => Promise<void>>> = { scheduled: [], 'on-demand': [] };
  let busy = false;
  const next = () => {
    const job = waiting.scheduled.shift() ?? waiting['on-demand'].shift();
    busy = job !== undefined;
    if (job) void job().finally(next);
  };
  const serial = <T>(priority: FetchPriority, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting[priority].push(() => work().then(resolve, reject));
      if (!busy) next();
    });

  async function getJson(url: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      let problem: string;
      try {
        const res = await doFetch(url, {
          headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.ok) {
          const text = await res.text();
          try {
            return JSON.parse(text) as unknown;
          } catch {
            throw new HfFetchError(
              `Hugging Face answered with something that is not JSON ` +
                `(${describe(token ? text.replaceAll(token, '[redacted]') : text)})`,
            );
          }
        }
        await res.body?.cancel();
        problem = `HTTP ${res.status} ${res.statusText}`.trim();
        if (!isRetryableStatus(res.status)) throw new HfFetchError(`Hugging Face answered ${problem}`);
        const told =
          retryAfterMs(res.headers.get('retry-after'), now().getTime()) ??
          rateLimitWaitMs(res.headers.get('ratelimit'));
        if (told !== null && told > maxServerWaitMs) {
          throw new HfFetchError(`Hugging Face is rate limiting us for ${Math.ceil(told / 1000)} s; try again later`);
        }
        wait = told ?? backoffMs(attempt, baseDelayMs, maxDelayMs, random);
      } catch (err) {
        if (err instanceof HfFetchError) throw err;
        problem = networkProblem(err, timeoutMs);
        wait = backoffMs(attempt, baseDelayMs, maxDelayMs, random);
      }
      if (attempt >= retries) {
        throw new HfFetchError(`Hugging Face could not be reached: ${problem} (after ${attempt + 1} attempts)`);
      }
      log?.warn({ problem, attempt: attempt + 1, waitMs: wait }, 'Hugging Face request failed, retrying');
      // A wait the server asked for is honoured in full; our own backoff is already capped.
      await sleep(wait);
    }
  }

  async function fetchDay(day: string): Promise<DayList> {
    const list: DayList = { day, entries: [], skipped: [], withdrawn: [] };
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = `${endpoint}/api/daily_papers?date=${day}&limit=${pageSize}&p=${page}`;
      const body = await getJson(url);
      if (!Array.isArray(body)) throw new HfFetchError('Hugging Face answered with JSON that is not a list of papers');
      for (const raw of body) {
        const verdict = readDailyEntry(raw, day, endpoint);
        if (verdict.kind === 'invalid') {
          list.skipped.push({ id: verdict.id, reason: verdict.reason });
          log?.warn({ day, paper: verdict.id, reason: verdict.reason }, 'skipped an entry that failed validation');
        } else if (verdict.kind === 'withdrawn') {
          list.withdrawn.push(verdict.id);
        } else if (!seen.has(verdict.entry.paper.id)) {
          // Pages can shift while the list fills in, repeating an entry across a page boundary.
          seen.add(verdict.entry.paper.id);
          list.entries.push(verdict.entry);
        }
      }
      if (body.length < pageSize) break;
    }
    return list;
  }

  return {
    /**
     * Every entry listed on `day` (YYYY-MM-DD), page by page. Throws HfFetchError when the fetch fails.
     * One fetch runs at a time; `scheduled` ones (the default) start before waiting `on-demand` ones.
     */
    fetchDay: (day: string, opts: { priority?: FetchPriority } = {}): Promise<DayList> =>
      serial(opts.priority ?? 'scheduled', () => fetchDay(day)),
  };
}

function networkProblem(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (err as { cause?: { code?: string } })?.cause?.code;
  return cause ? `network error ${cause}` : 'network error';
}

function describe(text: string): string {
  const trimmed = text.trim();
  return trimmed ? `starts with ${JSON.stringify(trimmed.slice(0, 40))}` : 'empty body';
}
