import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { createPaperStore, type PaperStore } from '../../src/papers/paper-store.ts';
import { createFetchLog, type FetchLog } from '../../src/sources/fetch-log.ts';
import { createHfClient, type HfClientOptions } from '../../src/sources/hf-client.ts';
import { ingestDay, type IngestContext } from '../../src/sources/ingest-day.ts';
import {
  BIG_DAY,
  BIG_DAY_COUNT,
  BROKEN_DAY,
  BROKEN_DAY_VALID_IDS,
  WEEKDAY,
  WEEKDAY_VALID_IDS,
  WEEKDAY_WITHDRAWN_ID,
  WEEKEND,
  fixtureDays,
  makeDays,
  makeEntry,
  plainDay,
  weekdayEntries,
} from '../support/hf/fixtures.ts';
import { startHfServer, type HfFake } from '../support/hf/server.ts';

let hf: HfFake;
let db: Database;
let papers: PaperStore;
let fetchLog: FetchLog;
let clock: Date;
const tick = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

beforeEach(async () => {
  hf = await startHfServer({ days: fixtureDays() });
  db = openDatabase(':memory:');
  clock = new Date('2025-09-10T06:00:00.000Z');
  papers = createPaperStore(db, () => clock);
  fetchLog = createFetchLog(db, () => clock);
});
afterEach(async () => {
  db.close();
  await hf.close();
});

function ctx(extra: Partial<HfClientOptions> = {}): IngestContext {
  const hfClient = createHfClient({
    endpoint: hf.url,
    timeoutMs: 1_000,
    retries: 1,
    baseDelayMs: 1,
    sleep: async () => {},
    random: () => 0,
    ...extra,
  });
  return { hf: hfClient, papers, fetchLog };
}

const paperCount = () => db.prepare('SELECT count(*) FROM papers').pluck().get() as number;
const dayRows = (day: string) =>
  db
    .prepare('SELECT paper_id, submitted_at, submitted_by FROM paper_days WHERE day = ? ORDER BY paper_id')
    .all(day) as Array<{
    paper_id: string;
    submitted_at: string | null;
    submitted_by: string | null;
  }>;
const fetchRows = () =>
  db.prepare('SELECT day, outcome, papers, added, skipped, error, fetched_at FROM fetches ORDER BY id').all() as Array<
    Record<string, unknown>
  >;
const snapshot = () => db.prepare('SELECT * FROM papers ORDER BY id').all();

describe('ingestDay', () => {
  it('stores every valid paper of a day once, and not the withdrawn one', async () => {
    const result = await ingestDay(ctx(), WEEKDAY);
    expect(result).toEqual({
      day: WEEKDAY,
      outcome: 'ok',
      papers: 5,
      added: 5,
      updated: 0,
      skipped: 0,
      withdrawn: 1,
      error: null,
    });
    expect(paperCount()).toBe(5);
    expect(dayRows(WEEKDAY).map((r) => r.paper_id)).toEqual([...WEEKDAY_VALID_IDS].sort());
    expect(papers.get(WEEKDAY_WITHDRAWN_ID)).toBeNull();
    const p = papers.get('2509.10001');
    expect(p).toMatchObject({ hfUpvotes: 72, githubStars: 412, organization: 'Example Lab' });
    expect(p?.abstract).toContain('traces.\n\nWe propose');
    expect(papers.listDay(WEEKDAY).map((x) => x.id)).toEqual([
      '2509.10003',
      '2509.10001',
      '2509.10004',
      '2509.10002',
      'hep-th/9901001',
    ]);
    expect(dayRows(WEEKDAY).find((r) => r.paper_id === '2509.10002')).toEqual({
      paper_id: '2509.10002',
      submitted_at: '2025-09-10T00:41:07.552Z',
      submitted_by: 'nsharma',
    });
  });

  it('stores a paged day completely', async () => {
    const result = await ingestDay(ctx(), BIG_DAY);
    expect(result).toMatchObject({ outcome: 'ok', papers: BIG_DAY_COUNT, added: BIG_DAY_COUNT });
    expect(paperCount()).toBe(BIG_DAY_COUNT);
    expect(dayRows(BIG_DAY)).toHaveLength(BIG_DAY_COUNT);
  });

  it('refreshes counts and adds new papers on a second fetch of the same day, never duplicating', async () => {
    await ingestDay(ctx(), WEEKDAY);
    const before = papers.get('2509.10003');

    const later = weekdayEntries();
    for (const e of later) {
      e.paper.upvotes += 100;
      e.numComments += 1;
    }
    later.push(
      makeEntry({
        paper: {
          id: '2509.10010',
          title: 'A Late Addition',
          upvotes: 1,
          submittedOnDailyAt: '2025-09-10T11:00:00.000Z',
        },
      }),
    );
    hf.setDay(WEEKDAY, later);
    tick(60);

    const result = await ingestDay(ctx(), WEEKDAY);
    expect(result).toMatchObject({ outcome: 'ok', papers: 6, added: 1, updated: 5, withdrawn: 1 });
    expect(paperCount()).toBe(6);
    expect(dayRows(WEEKDAY)).toHaveLength(6);
    expect(db.prepare('SELECT count(*) FROM paper_days').pluck().get()).toBe(6);

    const after = papers.get('2509.10003');
    expect(after?.hfUpvotes).toBe((before?.hfUpvotes ?? 0) + 100);
    expect(after?.numComments).toBe((before?.numComments ?? 0) + 1);
    expect(after?.aiSummary).toBe(before?.aiSummary);
    expect(papers.get('2509.10010')?.title).toBe('A Late Addition');
    // first_seen_at stays, updated_at moves.
    const times = db.prepare('SELECT first_seen_at, updated_at FROM papers WHERE id = ?').get('2509.10001');
    expect(times).toEqual({ first_seen_at: '2025-09-10T06:00:00.000Z', updated_at: '2025-09-10T07:00:00.000Z' });
  });

  it('fetching an unchanged day again adds nothing', async () => {
    await ingestDay(ctx(), WEEKDAY);
    const first = snapshot().map((r) => ({ ...(r as object), updated_at: null }));
    const again = await ingestDay(ctx(), WEEKDAY);
    expect(again).toMatchObject({ added: 0, updated: 5, papers: 5 });
    expect(snapshot().map((r) => ({ ...(r as object), updated_at: null }))).toEqual(first);
  });

  it('records a paper listed on two days once, listed on both', async () => {
    const entry = weekdayEntries()[0];
    hf.setDay('2025-09-16', [entry]);
    await ingestDay(ctx(), WEEKDAY);
    await ingestDay(ctx(), '2025-09-16');
    expect(paperCount()).toBe(5);
    expect(papers.daysListed('2509.10001')).toEqual([WEEKDAY, '2025-09-16']);
  });

  it('records an empty day as empty, with nothing stored', async () => {
    const result = await ingestDay(ctx(), WEEKEND);
    expect(result).toMatchObject({ outcome: 'empty', papers: 0, added: 0, error: null });
    expect(paperCount()).toBe(0);
    expect(fetchLog.latest(WEEKEND)).toMatchObject({ outcome: 'empty', papers: 0, error: null });
    expect(fetchLog.latestSuccess(WEEKEND)?.outcome).toBe('empty');
  });

  it('records a failed fetch as failed, distinct from empty, with its error', async () => {
    hf.fault({ kind: 'status', status: 503, date: WEEKEND, times: 5 });
    const result = await ingestDay(ctx(), WEEKEND);
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/HTTP 503/);
    expect(fetchLog.latest(WEEKEND)).toMatchObject({ outcome: 'failed', error: result.error });
    expect(fetchLog.latestSuccess(WEEKEND)).toBeNull();
  });

  it('loses nothing already stored when a later fetch of the day fails', async () => {
    await ingestDay(ctx(), WEEKDAY);
    await ingestDay(ctx(), BIG_DAY);
    const before = snapshot();
    const daysBefore = db.prepare('SELECT * FROM paper_days ORDER BY day, paper_id').all();

    // The second page fails for good after the first succeeded: nothing partial may be written.
    const changed = weekdayEntries().map((e) => ({ ...e, paper: { ...e.paper, upvotes: 999 } }));
    hf.setDay(WEEKDAY, changed);
    hf.fault({ kind: 'status', status: 500, date: WEEKDAY, times: 5 });
    hf.fault({ kind: 'status', status: 500, date: BIG_DAY, page: 1, times: 5 });
    tick(30);

    const failedWeekday = await ingestDay(ctx(), WEEKDAY);
    const failedBig = await ingestDay(ctx(), BIG_DAY);
    expect(failedWeekday).toMatchObject({ outcome: 'failed', papers: 0, added: 0 });
    expect(failedBig).toMatchObject({ outcome: 'failed', papers: 0, added: 0 });
    expect(hf.dailyRequests(BIG_DAY).filter((r) => r.query.p === '0')).toHaveLength(2); // page 0 was read again

    expect(snapshot()).toEqual(before);
    expect(db.prepare('SELECT * FROM paper_days ORDER BY day, paper_id').all()).toEqual(daysBefore);
    expect(paperCount()).toBe(5 + BIG_DAY_COUNT);
    expect(fetchLog.latest(WEEKDAY)?.outcome).toBe('failed');
    expect(fetchLog.latestSuccess(WEEKDAY)).toMatchObject({
      outcome: 'ok',
      papers: 5,
      fetchedAt: '2025-09-10T06:00:00.000Z',
    });
  });

  it('counts skipped entries and stores the rest', async () => {
    const result = await ingestDay(ctx(), BROKEN_DAY);
    expect(result).toMatchObject({ outcome: 'ok', papers: 4, added: 4, skipped: 2 });
    expect(dayRows(BROKEN_DAY).map((r) => r.paper_id)).toEqual([...BROKEN_DAY_VALID_IDS]);
  });

  it('skips an entry whose id holds a malformed percent-escape, and stores the rest of the day', async () => {
    await hf.close();
    const day = '2025-09-16';
    const valid = plainDay(day, 3, 16001);
    const malformed = makeEntry({
      paper: { id: 'https://arxiv.org/abs/%E0%A4%A', submittedOnDailyAt: `${day}T02:00Z` },
    });
    hf = await startHfServer({ days: { [day]: [valid[0], malformed, valid[1], valid[2]] } });
    const result = await ingestDay(ctx(), day);
    expect(result).toMatchObject({ outcome: 'ok', papers: 3, added: 3, skipped: 1, error: null });
    expect(dayRows(day).map((r) => r.paper_id)).toEqual(['2509.16001', '2509.16002', '2509.16003']);
    expect(fetchLog.latest(day)).toMatchObject({ outcome: 'ok', skipped: 1 });
  });

  it('writes one fetch log row per fetch with date, outcome, counts, error and time', async () => {
    await ingestDay(ctx(), WEEKDAY);
    tick(1);
    await ingestDay(ctx(), WEEKEND);
    tick(1);
    await ingestDay(ctx(), BROKEN_DAY);
    tick(1);
    hf.fault({ kind: 'status', status: 404, date: BIG_DAY });
    await ingestDay(ctx(), BIG_DAY);
    tick(1);
    await ingestDay(ctx(), WEEKDAY);

    expect(fetchRows()).toEqual([
      {
        day: WEEKDAY,
        outcome: 'ok',
        papers: 5,
        added: 5,
        skipped: 0,
        error: null,
        fetched_at: '2025-09-10T06:00:00.000Z',
      },
      {
        day: WEEKEND,
        outcome: 'empty',
        papers: 0,
        added: 0,
        skipped: 0,
        error: null,
        fetched_at: '2025-09-10T06:01:00.000Z',
      },
      {
        day: BROKEN_DAY,
        outcome: 'ok',
        papers: 4,
        added: 4,
        skipped: 2,
        error: null,
        fetched_at: '2025-09-10T06:02:00.000Z',
      },
      {
        day: BIG_DAY,
        outcome: 'failed',
        papers: 0,
        added: 0,
        skipped: 0,
        error: 'Hugging Face answered HTTP 404 Not Found',
        fetched_at: '2025-09-10T06:03:00.000Z',
      },
      {
        day: WEEKDAY,
        outcome: 'ok',
        papers: 5,
        added: 0,
        skipped: 0,
        error: null,
        fetched_at: '2025-09-10T06:04:00.000Z',
      },
    ]);
    expect(fetchLog.recentDays(3).map((r) => [r.day, r.outcome])).toEqual([
      [WEEKEND, 'empty'],
      [BROKEN_DAY, 'ok'],
      [BIG_DAY, 'failed'],
    ]);
  });

  it('rethrows what is not a fetch failure instead of recording it', async () => {
    const broken: IngestContext = {
      ...ctx(),
      papers: {
        ...papers,
        save: () => {
          throw new Error('disk full');
        },
      },
    };
    await expect(ingestDay(broken, WEEKDAY)).rejects.toThrow('disk full');
    expect(fetchRows()).toEqual([]);
  });

  // 2,000 papers keep the suite fast; PAPERBOY_INGEST_PAPERS=10000 measures the full-size fixture.
  const N = Number(process.env.PAPERBOY_INGEST_PAPERS ?? 2_000);
  it(`ingests ${N} papers over ${Math.ceil(N / 40)} weekdays, each stored once`, async () => {
    await hf.close();
    const days = makeDays(N, { start: '2024-01-01', perDay: 40 });
    hf = await startHfServer({ days });
    const c = ctx();
    const started = performance.now();
    let stored = 0;
    for (const day of Object.keys(days)) stored += (await ingestDay(c, day)).added;
    const seconds = (performance.now() - started) / 1000;
    expect(Object.keys(days)).toHaveLength(Math.ceil(N / 40));
    expect(stored).toBe(N);
    expect(paperCount()).toBe(N);
    expect(db.prepare('SELECT count(*) FROM paper_days').pluck().get()).toBe(N);
    expect(db.prepare("SELECT count(*) FROM fetches WHERE outcome = 'ok'").pluck().get()).toBe(Math.ceil(N / 40));
    console.info(`ingest rate: ${Math.round(N / seconds)} papers/s (${seconds.toFixed(2)} s for ${N})`);
  });
});
