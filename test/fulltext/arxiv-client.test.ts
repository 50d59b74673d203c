import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ArxivFetchError,
  createArxivClient,
  type ArxivClientOptions,
  type HtmlResult,
} from '../../src/fulltext/arxiv-client.ts';
import { startArxivServer, type ArxivFake } from '../support/arxiv/server.ts';

const ID = '2509.04664';
const PAGE =
  '<!DOCTYPE html><html><body><article class="ltx_document"><p>Why models hallucinate.</p></article></body></html>';

let arxiv: ArxivFake;
let clock: number;
let waits: number[];

beforeEach(async () => {
  arxiv = await startArxivServer({ pages: { [ID]: PAGE, '2509.00001v2': '<html>v2</html>' } });
  clock = 1_000_000;
  waits = [];
});
afterEach(async () => {
  await arxiv.close();
});

/** A client on a virtual clock: sleeping records the wait and moves the clock, without real waiting. */
function client(extra: Partial<ArxivClientOptions> = {}) {
  return createArxivClient({
    endpoint: arxiv.url,
    timeoutMs: 2_000,
    random: () => 0.5,
    now: () => clock,
    sleep: (ms) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    ...extra,
  });
}

/** The page of an ok result, as text. */
const text = async (p: Promise<HtmlResult>) => {
  const result = await p;
  return result.status === 'ok' ? new TextDecoder().decode(result.page) : result;
};

async function failure(p: Promise<unknown>): Promise<ArxivFetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ArxivFetchError);
  return err as ArxivFetchError;
}

describe('fetchHtml', () => {
  it('returns the page for an id, asking for /html/{id}', async () => {
    expect(await text(client().fetchHtml(ID))).toBe(PAGE);
    expect(await text(client().fetchHtml('2509.00001v2'))).toBe('<html>v2</html>');
    expect(arxiv.requests.map((r) => r.path)).toEqual([`/html/${ID}`, '/html/2509.00001v2']);
  });

  it('a 404 is missing, at once and without retrying', async () => {
    expect(await client().fetchHtml('2509.99999')).toEqual({ status: 'missing' });
    expect(arxiv.requests).toHaveLength(1);
  });

  it('spaces request starts by 1 s and keeps one request in flight', async () => {
    const slow = await startArxivServer({ pages: { [ID]: PAGE }, latencyMs: 30 });
    try {
      const c = client({ endpoint: slow.url });
      const all = await Promise.all([c.fetchHtml(ID), c.fetchHtml(ID), c.fetchHtml('nope')]);
      expect(all.map((r) => r.status)).toEqual(['ok', 'ok', 'missing']);
      expect(slow.maxInFlight).toBe(1);
      // The virtual clock did not move between requests, so each later start waited the full second.
      expect(waits).toEqual([1_000, 1_000]);
    } finally {
      await slow.close();
    }
  });

  it("starts a question's fetch before waiting background ones, and a promoted one with the questions", async () => {
    const pages = { a: PAGE, b: PAGE, c: PAGE, d: PAGE, e: PAGE };
    const slow = await startArxivServer({ pages, latencyMs: 20 });
    try {
      const c = client({ endpoint: slow.url });
      const all = [
        c.fetchHtml('a', 'background'), // starts at once: nothing else is waiting
        c.fetchHtml('b', 'background'),
        c.fetchHtml('c', 'background'),
        c.fetchHtml('d', 'background'),
        c.fetchHtml('e'),
      ];
      c.promote('d');
      await Promise.all(all);
      expect(slow.requests.map((r) => r.path)).toEqual(['/html/a', '/html/e', '/html/d', '/html/b', '/html/c']);
      expect(slow.maxInFlight).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('does not wait when the last request started more than 1 s ago', async () => {
    const c = client();
    await c.fetchHtml(ID);
    clock += 1_500;
    await c.fetchHtml(ID);
    expect(waits).toEqual([]);
  });

  it('retries a 5xx and a reset connection with backoff, then succeeds', async () => {
    arxiv.fault({ kind: 'status', status: 503 });
    arxiv.fault({ kind: 'reset' });
    expect(await text(client().fetchHtml(ID))).toBe(PAGE);
    expect(arxiv.requests.map((r) => r.fault)).toEqual(['status', 'reset', undefined]);
    // backoff (2 s then 4 s ceiling, jitter 0.5); the spacing is already covered by the backoff.
    expect(waits).toEqual([2_000, 3_000]);
  });

  it('gives up after 3 attempts with a typed error', async () => {
    arxiv.fault({ kind: 'status', status: 500 }, 3);
    const err = await failure(client().fetchHtml(ID));
    expect(err.reason).toBe('http');
    expect(err.message).toBe('arXiv answered HTTP 500');
    expect(arxiv.requests).toHaveLength(3);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    arxiv.fault({ kind: '429', retryAfter: '7' });
    arxiv.fault({ kind: '429', retryAfter: new Date(clock + 7_000 + 12_000).toUTCString() });
    expect((await client().fetchHtml(ID)).status).toBe('ok');
    expect(waits).toEqual([7_000, 12_000]);
  });

  it('backs off on a 429 without Retry-After', async () => {
    arxiv.fault({ kind: '429' });
    expect((await client().fetchHtml(ID)).status).toBe('ok');
    expect(waits).toEqual([2_000]);
  });

  it('names a connection refused as a network error', async () => {
    const gone = await startArxivServer({ pages: {} });
    await gone.close();
    const err = await failure(client({ endpoint: gone.url }).fetchHtml(ID));
    expect(err.reason).toBe('network');
    expect(err.message).toBe('arXiv could not be reached (ECONNREFUSED)');
  });

  it('refuses a Retry-After longer than the cap instead of waiting', async () => {
    arxiv.fault({ kind: '429', retryAfter: '3600' });
    const err = await failure(client().fetchHtml(ID));
    expect(err.reason).toBe('rate-limited');
    expect(waits).toEqual([]);
    expect(arxiv.requests).toHaveLength(1);
  });

  it('times out a request that hangs, and retries it', async () => {
    arxiv.fault({ kind: 'hang' }, 3);
    const err = await failure(client({ timeoutMs: 200 }).fetchHtml(ID));
    expect(err.reason).toBe('timeout');
    expect(err.message).toContain('0.2 s');
    expect(arxiv.requests).toHaveLength(3);
  });

  it('refuses a content type that is not HTML, without retrying', async () => {
    arxiv.fault({ kind: 'not-html', contentType: 'application/pdf' });
    const err = await failure(client().fetchHtml(ID));
    expect(err.reason).toBe('not-html');
    expect(err.message).toContain('application/pdf');
    expect(arxiv.requests).toHaveLength(1);
  });

  it('refuses a body over 8 MB and stops reading it', async () => {
    arxiv.fault({ kind: 'oversize', bytes: 64 * 1024 * 1024 });
    // A loaded CI machine may take seconds to stream 8 MB over loopback: the timeout must not win the race.
    const err = await failure(client({ timeoutMs: 60_000 }).fetchHtml(ID));
    expect(err.reason).toBe('too-large');
    expect(arxiv.requests).toHaveLength(1);
    expect(arxiv.oversizeBytesWritten).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a 9 MB body', async () => {
    arxiv.fault({ kind: 'oversize' });
    const c = client({ timeoutMs: 60_000 });
    expect((await failure(c.fetchHtml(ID))).reason).toBe('too-large');
    // The same client goes on after a failure.
    expect(await text(c.fetchHtml(ID))).toBe(PAGE);
  });
});
