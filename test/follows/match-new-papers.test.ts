import { describe, expect, it } from 'vitest';
import { createMetaStore } from '../../src/db/meta-store.ts';
import { addFollow, type FollowRequest } from '../../src/follows/add-follow.ts';
import { MATCH_BATCH, matchNewPapers, type FollowMatchContext } from '../../src/follows/match-new-papers.ts';
import { termStatsReader } from '../../src/search/stored-term-stats.ts';
import { createTokenizer } from '../../src/search/tokenizer.ts';
import { paper } from '../support/papers.ts';
import { followStores, LISTED } from './follow-stores.ts';

const G = '100000000000000001';
const [ALICE, BOB] = ['200000000000000001', '200000000000000002'];
const CH = '300000000000000001';

function setup() {
  const { db, clock, papers, follows, messages, hits, atomically, store, storeDay } = followStores();
  const meta = createMetaStore(db);
  const ctx: FollowMatchContext = {
    follows,
    messages,
    hits,
    papers,
    cursor: {
      get: () => (meta.get('c') === null ? null : Number(meta.get('c'))),
      set: (pk) => meta.set('c', String(pk)),
    },
    tokenizer: createTokenizer(db),
    stats: termStatsReader(db),
    compiled: new Map(),
    atomically,
  };
  const rows = () =>
    db
      .prepare(
        'SELECT m.user_id AS user, m.delivery, m.channel_id AS channel, h.paper_id AS paper, h.query, h.position ' +
          'FROM follow_hits h JOIN follow_messages m ON m.id = h.message_id ORDER BY m.id, h.position',
      )
      .all();
  // As /follow add saves them: after the newest paper, refused when they could match nothing.
  const follow = (f: FollowRequest) =>
    addFollow({ store: follows, papers, tokenizer: ctx.tokenizer, stats: ctx.stats }, f);
  return { db, clock, ctx, follows, follow, store, storeDay, rows };
}

describe('matchNewPapers', () => {
  it('notifies only of papers stored after a follow was added, each paper once per member, grouped by destination', () => {
    const { ctx, follow, store, rows } = setup();
    store(paper('2603.00001', { title: 'Equivariant networks before the follow' }));
    follow({ guildId: G, userId: ALICE, query: 'equivariant', delivery: 'dm', channelId: CH });
    follow({ guildId: G, userId: ALICE, query: 'rotation', delivery: 'here', channelId: CH });
    follow({ guildId: G, userId: BOB, query: 'author:"Ada Lovelace" rotation', delivery: 'dm', channelId: CH });
    store(
      paper('2603.00002', { title: 'Equivariant rotation networks' }),
      paper('2603.00003', { title: 'Rotation invariance', authors: ['Grace Hopper'] }),
      paper('2603.00004', { title: 'Unrelated' }),
    );
    expect(matchNewPapers(ctx)).toEqual({ papers: 3, messages: 3, more: false });
    expect(rows()).toEqual([
      // Alice's older follow names 2603.00002, though both of hers match it; her `here` follow lists the other.
      { user: ALICE, delivery: 'dm', channel: null, paper: '2603.00002', query: 'equivariant', position: 0 },
      {
        user: BOB,
        delivery: 'dm',
        channel: null,
        paper: '2603.00002',
        query: 'author:"Ada Lovelace" rotation',
        position: 0,
      },
      { user: ALICE, delivery: 'here', channel: CH, paper: '2603.00003', query: 'rotation', position: 0 },
    ]);
    // Nothing new: nothing more, and a paper stored again (refreshed upvotes) is not new.
    store(paper('2603.00002', { title: 'Equivariant rotation networks', hfUpvotes: 40 }));
    expect(matchNewPapers(ctx)).toEqual({ papers: 0, messages: 0, more: false });
    expect(rows()).toHaveLength(3);
  });

  it('skips paused follows and matches a large backfill in steps, without missing or repeating a paper', () => {
    const { ctx, follows, follow, store, rows } = setup();
    follow({ guildId: G, userId: ALICE, query: 'sparse', delivery: 'dm', channelId: CH });
    follow({ guildId: G, userId: BOB, query: 'sparse', delivery: 'dm', channelId: CH });
    follows.pauseDm(G, BOB, 'closed');
    const n = MATCH_BATCH + 500;
    store(...Array.from({ length: n }, (_, i) => paper(`2603.${String(10000 + i)}`, { title: `Sparse idea ${i}` })));
    const steps = [];
    for (let step = matchNewPapers(ctx); ; step = matchNewPapers(ctx)) {
      steps.push(step);
      if (!step.more) break;
    }
    expect(steps).toEqual([
      { papers: MATCH_BATCH, messages: 1, more: true },
      { papers: 500, messages: 1, more: false },
    ]);
    const found = rows() as Array<{ user: string; paper: string }>;
    expect(found.every((r) => r.user === ALICE)).toBe(true);
    expect(new Set(found.map((r) => r.paper)).size).toBe(n);
  });

  it('notifies of no paper first listed before the day a follow was added: a backfill of past days is news to no one', () => {
    const { ctx, follow, storeDay, rows } = setup();
    // Added today (the injected clock's day, LISTED).
    follow({ guildId: G, userId: ALICE, query: 'sparse', delivery: 'dm', channelId: CH });
    follow({ guildId: G, userId: BOB, query: 'sparse', delivery: 'here', channelId: CH });
    // `paperboy ingest --from 2023-01-02`: years-old lists, then yesterday's, stored after the follows, in more
    // papers than one matching step takes.
    const old = Array.from({ length: MATCH_BATCH + 200 }, (_, i) =>
      paper(`2301.${String(10000 + i)}`, { title: `Sparse idea ${i}` }),
    );
    storeDay('2023-01-02', ...old.slice(0, 700));
    storeDay('2023-01-03', ...old.slice(700));
    storeDay('2026-03-01', paper('2603.00001', { title: 'Sparse attention, listed yesterday' }));
    let messages = 0;
    for (let step = matchNewPapers(ctx); ; step = matchNewPapers(ctx)) {
      messages += step.messages;
      if (!step.more) break;
    }
    expect(messages).toBe(0);
    expect(rows()).toEqual([]);
    // A paper first listed today (the backfill's last day, or the next fetch) still notifies, once per member.
    storeDay(LISTED, paper('2603.00002', { title: 'Sparse attention, listed today' }));
    expect(matchNewPapers(ctx)).toEqual({ papers: 1, messages: 2, more: false });
    expect((rows() as Array<{ paper: string }>).map((r) => r.paper)).toEqual(['2603.00002', '2603.00002']);
  });

  it('passes over a long backfill a window at a time, and matches one fetch stored after it in one step', () => {
    const { ctx, follow, storeDay, rows } = setup();
    follow({ guildId: G, userId: ALICE, query: 'sparse', delivery: 'dm', channelId: CH });
    const windowed = { ...ctx, scanWindow: 100 };
    storeDay(
      '2023-01-02',
      ...Array.from({ length: 280 }, (_, i) => paper(`2301.${10000 + i}`, { title: `Sparse ${i}` })),
    );
    // Today's fetch: 30 papers stored together, across the window boundary at 300.
    storeDay(LISTED, ...Array.from({ length: 30 }, (_, i) => paper(`2603.${10000 + i}`, { title: `Sparse ${i}` })));
    const steps = [];
    for (let step = matchNewPapers(windowed); ; step = matchNewPapers(windowed)) {
      steps.push(step);
      if (!step.more) break;
    }
    expect(steps).toEqual([
      { papers: 0, messages: 0, more: true },
      { papers: 0, messages: 0, more: true },
      { papers: 30, messages: 1, more: false },
    ]);
    expect(rows()).toHaveLength(30);
  });

  it('counts the day a follow was added in UTC, on the injected clock', () => {
    const { clock, ctx, follow, storeDay, rows } = setup();
    // 23:30 UTC: the next UTC day's list is not news from before the follow, the day's own list is.
    clock.now = new Date(`${LISTED}T23:30:00Z`);
    follow({ guildId: G, userId: ALICE, query: 'kernels', delivery: 'dm', channelId: CH });
    storeDay('2026-03-01', paper('2603.00001', { title: 'Graph kernels of the day before' }));
    storeDay(LISTED, paper('2603.00002', { title: 'Graph kernels of the day' }));
    storeDay('2026-03-03', paper('2603.00003', { title: 'Graph kernels of the next day' }));
    expect(matchNewPapers(ctx)).toEqual({ papers: 2, messages: 1, more: false });
    expect((rows() as Array<{ paper: string }>).map((r) => r.paper)).toEqual(['2603.00002', '2603.00003']);
  });

  it('starts after the oldest follow on the first run, and after the newest paper when nobody follows anything', () => {
    const { ctx, follow, store, rows } = setup();
    store(paper('2603.00001', { title: 'Graph kernels' }));
    expect(matchNewPapers(ctx).papers).toBe(0);
    follow({ guildId: G, userId: ALICE, query: 'kernels', delivery: 'dm', channelId: CH });
    store(paper('2603.00002', { title: 'Graph kernels again' }));
    expect(matchNewPapers(ctx)).toEqual({ papers: 1, messages: 1, more: false });
    expect(rows()).toHaveLength(1);
  });

  it('rolls back the notifications with the cursor when matching fails, so the next run matches the same papers', () => {
    const { ctx, follow, store, rows } = setup();
    follow({ guildId: G, userId: ALICE, query: 'kernels', delivery: 'dm', channelId: CH });
    store(paper('2603.00002', { title: 'Graph kernels' }));
    const failing = {
      ...ctx,
      hits: {
        ...ctx.hits,
        add: () => {
          throw new Error('disk full');
        },
      },
    };
    expect(() => matchNewPapers(failing)).toThrow('disk full');
    expect(rows()).toEqual([]);
    expect(matchNewPapers(ctx)).toEqual({ papers: 1, messages: 1, more: false });
  });
});
