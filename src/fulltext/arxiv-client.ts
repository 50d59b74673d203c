import { DEFAULT_ARXIV_TIMEOUT_MS } from '../config/env.ts';
import type { Logger } from '../log/logger.ts';
import { backoffMs, retryAfterMs } from '../sources/retry-policy.ts';

export interface ArxivClientOptions {
  /** Base URL, e.g. `https://arxiv.org` (no trailing slash); the client asks for `{endpoint}/html/{id}`. */
  endpoint: string;
  log?: Logger;
  timeoutMs?: number;
  /** Attempts in all, for network errors, timeouts, 5xx and 429. */
  attempts?: number;
  /** Least time between the starts of two requests (arXiv asks for no more than one request a second). */
  spacingMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The longest Retry-After honoured; a longer one fails the fetch instead. */
  maxServerWaitMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Who waits for a fetch: a member who asked a question, or no one yet (a thread just opened). */
export type FetchPriority = 'question' | 'background';

/** `page` is the HTML as arXiv sent it (UTF-8): decoding a page of megabytes is left to whoever parses it. */
export type HtmlResult = { status: 'ok'; page: Uint8Array } | { status: 'missing' };

export type ArxivFailure = 'timeout' | 'network' | 'http' | 'rate-limited' | 'too-large' | 'not-html';

/** A fetch that failed for good; `reason` says which way, the message says it in a short sentence. */
export class ArxivFetchError extends Error {
  override name = 'ArxivFetchError';
  constructor(
    readonly reason: ArxivFailure,
    message: string,
  ) {
    super(message);
  }
}

/** A failure worth another attempt, with how long to wait first (null: our own backoff). */
class Retryable extends Error {
  constructor(
    readonly failure: ArxivFetchError,
    readonly waitMs: number | null,
  ) {
    super(failure.message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createArxivClient(opts: ArxivClientOptions) {
  const {
    endpoint,
    log,
    timeoutMs = DEFAULT_ARXIV_TIMEOUT_MS,
    attempts = 3,
    spacingMs = 1_000,
    baseDelayMs = 2_000,
    maxDelayMs = 30_000,
    maxServerWaitMs = 120_000,
    maxBytes = 8 * 1024 * 1024,
    fetch: doFetch = globalThis.fetch,
    now = Date.now,
    sleep = defaultSleep,
    random = Math.random,
  } = opts;

  // One request in flight at a time, each starting at least spacingMs after the previous one started.
  // A member's question goes before the prefetches of opened threads, which may queue up after a daily post.
  const waiting: Record<FetchPriority, Array<{ id: string; run: () => Promise<void> }>> = {
    question: [],
    background: [],
  };
  let busy = false;
  let lastStart = -Infinity;
  const pump = () => {
    if (busy) return;
    const job = waiting.question.shift() ?? waiting.background.shift();
    if (!job) return;
    busy = true;
    void job.run().finally(() => {
      busy = false;
      pump();
    });
  };
  const serial = <T>(id: string, priority: FetchPriority, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting[priority].push({ id, run: () => work().then(resolve, reject) });
      pump();
    });
  const spaced = async () => {
    const wait = lastStart + spacingMs - now();
    if (wait > 0) await sleep(wait);
    lastStart = now();
  };

  async function once(id: string): Promise<HtmlResult> {
    await spaced();
    let res: Response;
    try {
      res = await doFetch(`${endpoint}/html/${encodeURIComponent(id)}`, {
        headers: { accept: 'text/html' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new Retryable(networkError(err, timeoutMs), null);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return { status: 'missing' };
    }
    if (!res.ok) {
      await res.body?.cancel();
      const failure = new ArxivFetchError('http', `arXiv answered HTTP ${res.status}`);
      if (res.status === 429) {
        const told = retryAfterMs(res.headers.get('retry-after'), now());
        if (told !== null && told > maxServerWaitMs) {
          throw new ArxivFetchError('rate-limited', `arXiv asks us to wait ${Math.ceil(told / 1000)} s`);
        }
        throw new Retryable(new ArxivFetchError('rate-limited', 'arXiv is rate limiting us'), told);
      }
      if (res.status >= 500) throw new Retryable(failure, null);
      throw failure;
    }
    const type = res.headers.get('content-type') ?? '';
    if (!/^\s*text\/html\b/i.test(type)) {
      await res.body?.cancel();
      throw new ArxivFetchError('not-html', `arXiv answered ${type || 'without a content type'}, not HTML`);
    }
    try {
      return { status: 'ok', page: await readCapped(res, maxBytes) };
    } catch (err) {
      if (err instanceof ArxivFetchError) throw err;
      throw new Retryable(networkError(err, timeoutMs), null);
    }
  }

  async function fetchHtml(id: string): Promise<HtmlResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(id);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        if (attempt + 1 >= attempts) throw err.failure;
        const wait = err.waitMs ?? backoffMs(attempt, baseDelayMs, maxDelayMs, random);
        log?.warn({ id, problem: err.message, attempt: attempt + 1, waitMs: wait }, 'arXiv request failed, retrying');
        await sleep(wait);
      }
    }
  }

  return {
    /**
     * The paper's HTML rendering, or `missing` when arXiv has none (404). Throws ArxivFetchError. Fetches for
     * a question (the default) start before waiting background ones.
     */
    fetchHtml: (id: string, priority: FetchPriority = 'question'): Promise<HtmlResult> =>
      serial(id, priority, () => fetchHtml(id)),
    /** A member now waits for this paper: its waiting background fetch moves up with the questions. */
    promote(id: string): void {
      const at = waiting.background.findIndex((job) => job.id === id);
      if (at >= 0) waiting.question.push(...waiting.background.splice(at, 1));
    },
  };
}

/** Megabytes of a page read (or copied) in one go hold the event loop: a turn of it every megabyte. */
const MB_PER_TURN = 1 << 20;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The body's bytes, in a buffer of their own (so that it can be handed to another thread whole). */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ArxivFetchError('too-large', `arXiv's page is larger than ${maxBytes} bytes`);
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let sinceTurn = 0;
  // Leaving the loop early cancels the stream, so the rest of an oversized body is never read. A body that arrived
  // faster than it is read would otherwise be read here without a turn of the loop.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
    sinceTurn += chunk.byteLength;
    if (sinceTurn >= MB_PER_TURN) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  // Writing megabytes of fresh memory is slow too (each page is mapped as it is first written).
  const page = new Uint8Array(size);
  let at = 0;
  sinceTurn = 0;
  for (const chunk of chunks) {
    page.set(chunk, at);
    at += chunk.byteLength;
    sinceTurn += chunk.byteLength;
    if (sinceTurn >= MB_PER_TURN) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  return page;
}

function networkError(err: unknown, timeoutMs: number): ArxivFetchError {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new ArxivFetchError('timeout', `arXiv gave no answer within ${timeoutMs / 1000} s`);
  }
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  return new ArxivFetchError('network', code ? `arXiv could not be reached (${code})` : 'arXiv could not be reached');
}
