import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadToolConfig } from '../../src/config/env.ts';
import { createHfClient, HfFetchError, type HfClientOptions } from '../../src/sources/hf-client.ts';
import {
  BIG_DAY,
  BIG_DAY_COUNT,
  BROKEN_DAY,
  BROKEN_DAY_BAD_UPVOTES_ID,
  BROKEN_DAY_VALID_IDS,
  FULL_PAGE_DAY,
  WEEKDAY,
  WEEKDAY_VALID_IDS,
  WEEKDAY_WITHDRAWN_ID,
  WEEKEND,
  fixtureDays,
  plainDay,
} from '../support/hf/fixtures.ts';
import { startHfServer, type HfFake } from '../support/hf/server.ts';

const TOKEN = 'hf_TESTtokenDoNotLeak0123456789';

let hf: HfFake;
let waits: number[];

beforeEach(async () => {
  hf = await startHfServer({ days: fixtureDays() });
  waits = [];
});
afterEach(async () => {
  await hf.close();
});

/** A client against the fake whose waits are recorded instead of slept. */
function client(extra: Partial<HfClientOptions> = {}) {
  return createHfClient({
    endpoint: hf.url,
    timeoutMs: 2_000,
    baseDelayMs: 10,
    maxDelayMs: 60_000,
    random: () => 0.5,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<HfFetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HfFetchError);
  return err as HfFetchError;
}

describe('paging', () => {
  it('reads a 100-entry page then a short page, and stops there', async () => {
    const list = await client().fetchDay(BIG_DAY);
    expect(list.entries).toHaveLength(BIG_DAY_COUNT);
    expect(new Set(list.entries.map((e) => e.paper.id)).size).toBe(BIG_DAY_COUNT);
    expect(list.entries.every((e) => e.day === BIG_DAY)).toBe(true);
    const reqs = hf.dailyRequests();
    expect(reqs.map((r) => r.query)).toEqual([
      { date: BIG_DAY, limit: '100', p: '0' },
      { date: BIG_DAY, limit: '100', p: '1' },
    ]);
  });

  it('asks for one more (empty) page after a day of exactly 100', async () => {
    const list = await client().fetchDay(FULL_PAGE_DAY);
    expect(list.entries).toHaveLength(100);
    expect(hf.dailyRequests().map((r) => r.query.p)).toEqual(['0', '1']);
  });

  it('pages with a smaller page size too', async () => {
    const list = await client({ pageSize: 50 }).fetchDay(BIG_DAY);
    expect(list.entries).toHaveLength(BIG_DAY_COUNT);
    expect(hf.dailyRequests().map((r) => `${r.query.limit}/${r.query.p}`)).toEqual(['50/0', '50/1', '50/2']);
  });

  it('keeps one copy of an entry repeated across a page boundary', async () => {
    const entries = plainDay('2025-09-16', 101, 16001);
    hf.setDay('2025-09-16', [...entries.slice(0, 100), entries[99], entries[100]]); // #100 shifted onto page 2
    const list = await client().fetchDay('2025-09-16');
    expect(list.entries.map((e) => e.paper.id)).toEqual(entries.map((e) => e.paper.id));
  });

  it('returns no entries for an empty day after one request', async () => {
    const list = await client().fetchDay(WEEKEND);
    expect(list).toEqual({ day: WEEKEND, entries: [], skipped: [], withdrawn: [] });
    expect(hf.dailyRequests()).toHaveLength(1);
  });

  it('treats a day the server knows nothing about like an empty day', async () => {
    const list = await client().fetchDay('2031-01-01');
    expect(list.entries).toEqual([]);
    expect(hf.dailyRequests()).toHaveLength(1);
  });

  it('separates valid, withdrawn and skipped entries', async () => {
    const list = await client().fetchDay(WEEKDAY);
    expect(list.entries.map((e) => e.paper.id)).toEqual([...WEEKDAY_VALID_IDS]);
    expect(list.withdrawn).toEqual([WEEKDAY_WITHDRAWN_ID]);
    expect(list.skipped).toEqual([]);
    // A relative thumbnail is made absolute against the endpoint the client was given.
    expect(list.entries.find((e) => e.paper.id === '2509.10004')?.paper.thumbnail).toBe(
      `${hf.url}/papers/thumbnails/2509.10004.png`,
    );
  });

  it('skips and counts entries of the wrong type while the rest come through', async () => {
    const list = await client().fetchDay(BROKEN_DAY);
    expect(list.entries.map((e) => e.paper.id)).toEqual([...BROKEN_DAY_VALID_IDS]);
    expect(list.skipped).toHaveLength(2);
    expect(list.skipped).toEqual([
      { id: BROKEN_DAY_BAD_UPVOTES_ID, reason: expect.stringMatching(/^paper\.upvotes: /) as string },
      { id: '(no id)', reason: expect.stringMatching(/^paper\.id: /) as string },
    ]);
  });
});

describe('retries', () => {
  it('retries a 500 and succeeds on the second attempt, after the base delay', async () => {
    hf.fault({ kind: 'status', status: 500, date: WEEKDAY });
    const list = await client().fetchDay(WEEKDAY);
    expect(list.entries).toHaveLength(WEEKDAY_VALID_IDS.length);
    expect(hf.dailyRequests()).toHaveLength(2);
    expect(waits).toEqual([10]);
  });

  it('backs off exponentially across repeated 503s', async () => {
    hf.fault({ kind: 'status', status: 503, times: 3 });
    const list = await client({ retries: 4 }).fetchDay(WEEKDAY);
    expect(list.entries).toHaveLength(WEEKDAY_VALID_IDS.length);
    expect(hf.dailyRequests()).toHaveLength(4);
    expect(waits).toEqual([10, 15, 25]); // base 10, random 0.5: 10, 10+10*0.5, 10+30*0.5
  });

  it('gives up after the configured retries, saying how many attempts it made', async () => {
    hf.fault({ kind: 'status', status: 500, times: 10 });
    const err = await failure(client({ retries: 2 }).fetchDay(WEEKDAY));
    expect(err.message).toMatch(/HTTP 500/);
    expect(err.message).toMatch(/after 3 attempts/);
    expect(hf.dailyRequests()).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('fails the whole day when a later page fails for good', async () => {
    hf.fault({ kind: 'status', status: 503, date: BIG_DAY, page: 1, times: 5 });
    const err = await failure(client({ retries: 1 }).fetchDay(BIG_DAY));
    expect(err.message).toMatch(/HTTP 503/);
    expect(hf.dailyRequests().map((r) => r.query.p)).toEqual(['0', '1', '1']);
  });

  it('does not retry a 404', async () => {
    hf.fault({ kind: 'status', status: 404 });
    const err = await failure(client().fetchDay(WEEKDAY));
    expect(err.message).toMatch(/HTTP 404/);
    expect(hf.dailyRequests()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('does not retry a 400', async () => {
    hf.fault({ kind: 'status', status: 400 });
    await failure(client().fetchDay(WEEKDAY));
    expect(hf.dailyRequests()).toHaveLength(1);
  });

  it('retries after a connection reset', async () => {
    hf.fault({ kind: 'reset' });
    const list = await client().fetchDay(WEEKDAY);
    expect(list.entries).toHaveLength(WEEKDAY_VALID_IDS.length);
    expect(hf.dailyRequests().map((r) => r.fault ?? 'ok')).toEqual(['reset', 'ok']);
    expect(waits).toEqual([10]);
  });

  it('reports a network error when the connection keeps being reset', async () => {
    hf.fault({ kind: 'reset', times: 5 });
    const err = await failure(client({ retries: 1 }).fetchDay(WEEKDAY));
    expect(err.message).toMatch(/could not be reached: network error/);
  });

  it('keeps working after a failed day (the queue is not poisoned)', async () => {
    hf.fault({ kind: 'status', status: 404 });
    const c = client();
    await failure(c.fetchDay(WEEKDAY));
    expect((await c.fetchDay(WEEKDAY)).entries).toHaveLength(WEEKDAY_VALID_IDS.length);
  });
});

describe('rate limits', () => {
  it('honours Retry-After in seconds on a 429', async () => {
    hf.fault({ kind: '429', retryAfter: '1' });
    const list = await client().fetchDay(WEEKDAY);
    expect(list.entries).toHaveLength(WEEKDAY_VALID_IDS.length);
    expect(waits).toEqual([1_000]);
    expect(hf.dailyRequests()).toHaveLength(2);
  });

  it('honours Retry-After "0" (retry at once, not the backoff)', async () => {
    hf.fault({ kind: '429', retryAfter: '0' });
    await client({ baseDelayMs: 5_000 }).fetchDay(WEEKDAY);
    expect(waits).toEqual([0]);
  });

  it('honours a Retry-After HTTP date, read against the injected clock', async () => {
    const now = new Date('2031-06-15T12:00:00.000Z');
    hf.fault({ kind: '429', retryAfter: new Date(now.getTime() + 30_000).toUTCString() });
    await client({ now: () => now }).fetchDay(WEEKDAY);
    expect(waits).toHaveLength(1);
    // Second resolution of HTTP dates: the wait is just under 30 s, never the 10 ms backoff.
    expect(waits[0]).toBeGreaterThan(28_000);
    expect(waits[0]).toBeLessThanOrEqual(30_000);
  });

  it('waits for the RateLimit reset when the quota is spent and there is no Retry-After', async () => {
    hf.fault({ kind: '429', rateLimit: '"api";r=0;t=7' });
    await client().fetchDay(WEEKDAY);
    expect(waits).toEqual([7_000]);
  });

  it('prefers Retry-After over RateLimit', async () => {
    hf.fault({ kind: '429', retryAfter: '2', rateLimit: '"api";r=0;t=7' });
    await client().fetchDay(WEEKDAY);
    expect(waits).toEqual([2_000]);
  });

  it('falls back to backoff on a 429 without hints', async () => {
    hf.fault({ kind: '429', times: 2 });
    await client().fetchDay(WEEKDAY);
    expect(waits).toEqual([10, 15]);
  });

  it('gives up on a 429 that lasts beyond the retries', async () => {
    hf.fault({ kind: '429', retryAfter: '1', times: 10 });
    const err = await failure(client({ retries: 2 }).fetchDay(WEEKDAY));
    expect(err.message).toMatch(/HTTP 429/);
    expect(hf.dailyRequests()).toHaveLength(3);
  });
});

describe('limits the server sets', () => {
  it('gives up at once when Retry-After asks for longer than it will wait', async () => {
    hf.fault({ kind: '429', retryAfter: '3600' });
    const err = await failure(client({ maxServerWaitMs: 60_000 }).fetchDay(WEEKDAY));
    expect(err.message).toContain('rate limiting us for 3600 s');
    expect(waits).toEqual([]);
    expect(hf.dailyRequests(WEEKDAY)).toHaveLength(1);
  });

  it('waits the full Retry-After even beyond its own backoff cap', async () => {
    hf.fault({ kind: '429', retryAfter: '120' });
    await client({ maxDelayMs: 1_000 }).fetchDay(WEEKDAY);
    expect(waits).toEqual([120_000]);
  });

  it('never asks for more than 100 a page, so a full page is never mistaken for the last', async () => {
    const list = await client({ pageSize: 500 }).fetchDay(BIG_DAY);
    expect(list.entries).toHaveLength(BIG_DAY_COUNT);
    expect(hf.dailyRequests(BIG_DAY).map((r) => r.query.limit)).toEqual(['100', '100']);
  });
});

describe('bad answers', () => {
  it('times out on a server that never answers, saying there was no answer', async () => {
    hf.fault({ kind: 'hang', times: 5 });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 200, retries: 1 }).fetchDay(WEEKDAY));
    expect(err.message).toMatch(/no answer within 0\.2 s/);
    expect(err.message).toMatch(/after 2 attempts/);
    expect(hf.dailyRequests()).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('recovers when only the first request hangs', async () => {
    hf.fault({ kind: 'hang' });
    const list = await client({ timeoutMs: 200, retries: 1 }).fetchDay(WEEKDAY);
    expect(list.entries).toHaveLength(WEEKDAY_VALID_IDS.length);
  });

  it('fails on a body that is not JSON, without retrying', async () => {
    hf.fault({ kind: 'not-json' });
    const err = await failure(client().fetchDay(WEEKDAY));
    expect(err.message).toMatch(/not JSON/);
    expect(err.message).toContain('<!DOCTYPE html>');
    expect(hf.dailyRequests()).toHaveLength(1);
  });

  it('fails on JSON that is not a list', async () => {
    hf.fault({ kind: 'not-array' });
    const err = await failure(client().fetchDay(WEEKDAY));
    expect(err.message).toMatch(/not a list of papers/);
    expect(hf.dailyRequests()).toHaveLength(1);
  });
});

describe('the token', () => {
  it('is sent as a bearer token on every request when set', async () => {
    await client({ token: TOKEN }).fetchDay(BIG_DAY);
    const reqs = hf.dailyRequests();
    expect(reqs).toHaveLength(2);
    for (const r of reqs) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('is absent when not set, including when HF_TOKEN is blank in the environment', async () => {
    const config = loadToolConfig({ HF_TOKEN: '  ', HF_ENDPOINT: hf.url });
    expect(config.HF_TOKEN).toBeUndefined();
    await client({ token: config.HF_TOKEN, endpoint: config.HF_ENDPOINT }).fetchDay(WEEKDAY);
    await client().fetchDay(WEEKDAY);
    const reqs = hf.dailyRequests();
    expect(reqs).toHaveLength(2);
    for (const r of reqs) expect(r.headers.authorization).toBeUndefined();
  });

  it('never appears in an error message, whatever the failure', async () => {
    const scenarios: Array<() => void> = [
      () => hf.fault({ kind: 'status', status: 500, times: 2 }),
      () => hf.fault({ kind: 'status', status: 404 }),
      () => hf.fault({ kind: '429', retryAfter: '0', rateLimit: '"api";r=0;t=1', times: 2 }),
      () => hf.fault({ kind: 'hang', times: 2 }),
      () => hf.fault({ kind: 'not-json' }),
      () => hf.fault({ kind: 'not-array' }),
      () => hf.fault({ kind: 'reset', times: 2 }),
    ];
    const c = client({ token: TOKEN, timeoutMs: 150, retries: 1 });
    for (const arrange of scenarios) {
      arrange();
      const err = await failure(c.fetchDay(WEEKDAY));
      expect(err.message).not.toContain(TOKEN);
      expect(String(err.stack)).not.toContain(TOKEN);
      expect(JSON.stringify(err)).not.toContain(TOKEN);
    }
    expect(hf.pendingFaults).toBe(0);
  });

  it('is not echoed from an error page into the message', async () => {
    // A misconfigured proxy that reflects request headers back in its HTML error page.
    hf.fault({ kind: 'not-json', body: `Bearer ${TOKEN} is not allowed here` });
    const err = await failure(client({ token: TOKEN }).fetchDay(WEEKDAY));
    expect(err.message).toMatch(/not JSON/);
    expect(err.message).not.toContain(TOKEN);
  });
});

describe('concurrency', () => {
  it('never has more than one request in flight, even for 5 days fetched at once', async () => {
    await hf.close();
    hf = await startHfServer({ days: fixtureDays(), latencyMs: 15 });
    const c = client();
    const days = [WEEKDAY, BIG_DAY, BROKEN_DAY, WEEKEND, FULL_PAGE_DAY];
    const lists = await Promise.all(days.map((d) => c.fetchDay(d)));
    expect(lists.map((l) => [l.day, l.entries.length])).toEqual([
      [WEEKDAY, 5],
      [BIG_DAY, 137],
      [BROKEN_DAY, 4],
      [WEEKEND, 0],
      [FULL_PAGE_DAY, 100],
    ]);
    expect(hf.dailyRequests()).toHaveLength(1 + 2 + 1 + 1 + 2);
    expect(hf.maxInFlight).toBe(1);
  });

  it('keeps one at a time through retries too', async () => {
    await hf.close();
    hf = await startHfServer({ days: fixtureDays(), latencyMs: 10 });
    hf.fault({ kind: 'status', status: 503, date: BIG_DAY });
    hf.fault({ kind: '429', retryAfter: '0', date: WEEKDAY });
    const c = client();
    await Promise.all([c.fetchDay(BIG_DAY), c.fetchDay(WEEKDAY), c.fetchDay(FULL_PAGE_DAY)]);
    expect(hf.dailyRequests()).toHaveLength(3 + 2 + 2);
    expect(hf.maxInFlight).toBe(1);
  });

  it('a scheduled fetch queued after on-demand ones runs before them (after the one already in flight)', async () => {
    await hf.close();
    hf = await startHfServer({ days: fixtureDays(), latencyMs: 50 });
    const c = client();
    const onDemand = [WEEKDAY, BROKEN_DAY, WEEKEND].map((d) => c.fetchDay(d, { priority: 'on-demand' }));
    const scheduled = c.fetchDay(FULL_PAGE_DAY, { priority: 'scheduled' });
    await Promise.all([...onDemand, scheduled]);
    expect(hf.dailyRequests().map((r) => r.query.date)).toEqual([
      WEEKDAY,
      FULL_PAGE_DAY,
      FULL_PAGE_DAY,
      BROKEN_DAY,
      WEEKEND,
    ]);
    expect(hf.maxInFlight).toBe(1);
  });

  it('(control) the fake does see concurrency when two clients overlap', async () => {
    await hf.close();
    hf = await startHfServer({ days: fixtureDays(), latencyMs: 15 });
    await Promise.all([client().fetchDay(WEEKDAY), client().fetchDay(BIG_DAY), client().fetchDay(BROKEN_DAY)]);
    expect(hf.maxInFlight).toBeGreaterThan(1);
  });
});

describe('the fake server itself', () => {
  const get = async (query: string) => {
    const res = await fetch(`${hf.url}/api/daily_papers?${query}`);
    return { status: res.status, body: await res.json() };
  };

  it('pages 50 by default, at most 100, and answers [] past the end', async () => {
    const first = await get(`date=${BIG_DAY}`);
    expect((first.body as unknown[]).length).toBe(50);
    expect(((await get(`date=${BIG_DAY}&limit=500`)).body as unknown[]).length).toBe(100);
    expect(((await get(`date=${BIG_DAY}&limit=100&p=1`)).body as unknown[]).length).toBe(37);
    expect((await get(`date=${BIG_DAY}&limit=100&p=2`)).body).toEqual([]);
    expect((await get('date=2020-02-02')).body).toEqual([]);
  });

  it('rejects a malformed date with 400', async () => {
    expect((await get('date=yesterday')).status).toBe(400);
  });

  it('applies a date-restricted fault only to that date, in queue order', async () => {
    hf.fault({ kind: 'status', status: 503, date: BIG_DAY });
    hf.fault({ kind: 'status', status: 500 });
    expect((await get(`date=${WEEKDAY}`)).status).toBe(500);
    expect((await get(`date=${WEEKDAY}`)).status).toBe(200);
    expect((await get(`date=${BIG_DAY}`)).status).toBe(503);
    expect(hf.pendingFaults).toBe(0);
  });

  it('ends hanging requests on close', async () => {
    hf.fault({ kind: 'hang' });
    const pending = fetch(`${hf.url}/api/daily_papers?date=${WEEKDAY}`).then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(hf.inFlight).toBe(1));
    await hf.close();
    expect(await pending).toBe('failed');
    hf = await startHfServer(); // for afterEach
  });
});
