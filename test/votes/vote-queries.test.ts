import { beforeEach, describe, expect, it } from 'vitest';
import { hotScore } from '../../src/votes/hot-score.ts';
import { periodStart } from '../../src/votes/periods.ts';
import { voteWorld, paper, type VoteWorld } from './world.ts';

const G = 'guild-a';
const NOW = new Date('2025-09-10T12:00:00.000Z');

/** Casts button votes for `paperId` by `n` new members at time `at`. */
function votesAt(w: VoteWorld, paperId: string, n: number, at: string, prefix = paperId) {
  w.setNow(at);
  for (let i = 0; i < n; i++) w.votes.toggleButtonVote(G, paperId, `${prefix}-member-${i}`);
}

describe('top', () => {
  let w: VoteWorld;
  beforeEach(() => {
    w = voteWorld();
    w.addPapers(
      '2025-08-01',
      paper('2508.00001', { hfUpvotes: 500 }),
      paper('2509.00002', { hfUpvotes: 10 }),
      paper('2509.00003', { hfUpvotes: 50 }),
      paper('2509.00004', { hfUpvotes: 3 }),
      paper('2509.00005', { hfUpvotes: 10 }),
      paper('2509.00006', { hfUpvotes: 999 }),
    );
    votesAt(w, '2508.00001', 5, '2025-08-02T10:00:00.000Z');
    votesAt(w, '2509.00002', 2, '2025-09-09T08:00:00.000Z');
    votesAt(w, '2509.00003', 2, '2025-09-10T01:00:00.000Z');
    votesAt(w, '2509.00004', 1, '2025-09-10T11:00:00.000Z');
    votesAt(w, '2509.00005', 2, '2025-09-05T08:00:00.000Z');
    // 2509.00006 has the most HF upvotes but no server vote: it is never in the top.
  });

  const ids = (since: string | null, limit = 10) =>
    w.votes.top(G, { since, limit, sort: 'votes', now: NOW }).map((t) => [t.paper.id, t.votes]);

  it('ranks by votes in the period, ties by HF upvotes then id, papers without a vote left out', () => {
    expect(ids(null)).toEqual([
      ['2508.00001', 5],
      ['2509.00003', 2],
      ['2509.00002', 2],
      ['2509.00005', 2],
      ['2509.00004', 1],
    ]);
    expect(ids(periodStart('week', NOW))).toEqual([
      ['2509.00003', 2],
      ['2509.00002', 2],
      ['2509.00005', 2],
      ['2509.00004', 1],
    ]);
    expect(ids(periodStart('today', NOW))).toEqual([
      ['2509.00003', 2],
      ['2509.00004', 1],
    ]);
  });

  it('counts only the votes cast within the period', () => {
    votesAt(w, '2508.00001', 1, '2025-09-10T11:30:00.000Z', 'late');
    expect(ids(periodStart('today', NOW))[0]).toEqual(['2509.00003', 2]);
    expect(ids(periodStart('today', NOW))).toContainEqual(['2508.00001', 1]);
    expect(ids(null)[0]).toEqual(['2508.00001', 6]);
  });

  it('honours the limit', () => {
    expect(ids(null, 2).map(([id]) => id)).toEqual(['2508.00001', '2509.00003']);
    expect(ids(null, 0)).toEqual([]);
    expect(ids(null, -1)).toEqual([]);
    expect(ids(null, Number.NaN)).toEqual([]);
    expect(ids(null, Number.POSITIVE_INFINITY)).toHaveLength(5);
  });

  it('ranks hot papers by the documented score: a fresh paper with few votes beats an old one with many', () => {
    w.addPapers('2025-09-10', paper('2509.00007', { hfUpvotes: 5 }));
    votesAt(w, '2509.00007', 2, '2025-09-10T11:00:00.000Z');
    const hot = w.votes.top(G, { since: null, limit: 3, sort: 'hot', now: NOW });
    // Listed a month earlier, 2508.00001's five votes and 500 HF upvotes lose to two fresh votes.
    expect(hot.map((t) => t.paper.id)).toEqual(['2509.00007', '2508.00001', '2509.00003']);
    expect(hot.map((t) => t.votes)).toEqual([2, 5, 2]);
    // Age runs from the first Daily Papers day, at midnight UTC.
    expect(hot[0]?.score).toBeCloseTo(hotScore({ votes: 2, hfUpvotes: 5, ageHours: 12 }), 12);
    const byVotes = w.votes.top(G, { since: null, limit: 1, sort: 'votes', now: NOW });
    expect(byVotes[0]?.paper.id).toBe('2508.00001');
    expect(byVotes[0]?.score).toBeUndefined();
  });

  it('ages a paper never listed from its publication', () => {
    w.addPapers('2025-09-10', paper('2509.00008', { hfUpvotes: 0, publishedAt: '2025-09-10T10:00:00.000Z' }));
    w.db.prepare("DELETE FROM paper_days WHERE paper_id = '2509.00008'").run();
    votesAt(w, '2509.00008', 1, '2025-09-10T11:00:00.000Z');
    const hot = w.votes.top(G, { since: periodStart('today', NOW), limit: 10, sort: 'hot', now: NOW });
    const entry = hot.find((t) => t.paper.id === '2509.00008');
    expect(entry?.score).toBeCloseTo(hotScore({ votes: 1, hfUpvotes: 0, ageHours: 2 }), 12);
    expect(hot[0]?.paper.id).toBe('2509.00008');
  });
});

describe('favourites', () => {
  let w: VoteWorld;
  beforeEach(() => {
    w = voteWorld();
    w.addPapers(
      '2025-09-08',
      ...['2509.00001', '2509.00002', '2509.00003', '2509.00004', '2509.00005'].map((id) => paper(id)),
    );
  });

  it('lists the member’s papers, either way voted, newest vote first, in pages with a total', () => {
    const cast = (id: string, at: string, how: 'button' | 'reaction') => {
      w.setNow(at);
      if (how === 'button') w.votes.toggleButtonVote(G, id, 'me');
      else w.votes.addReaction(G, `msg-${id}`, id, 'me', '👍');
    };
    cast('2509.00003', '2025-09-01T00:00:00.000Z', 'button');
    cast('2509.00001', '2025-09-03T00:00:00.000Z', 'reaction');
    cast('2509.00005', '2025-09-02T00:00:00.000Z', 'button');
    cast('2509.00002', '2025-09-04T00:00:00.000Z', 'button');
    cast('2509.00002', '2025-09-05T00:00:00.000Z', 'reaction');
    w.votes.toggleButtonVote(G, '2509.00004', 'someone-else');

    const first = w.votes.favourites(G, 'me', { offset: 0, limit: 2 });
    expect(first.total).toBe(4);
    expect(first.items.map((i) => [i.paper.id, i.votedAt])).toEqual([
      ['2509.00002', '2025-09-04T00:00:00.000Z'],
      ['2509.00001', '2025-09-03T00:00:00.000Z'],
    ]);
    const second = w.votes.favourites(G, 'me', { offset: 2, limit: 2 });
    expect(second.items.map((i) => i.paper.id)).toEqual(['2509.00005', '2509.00003']);
    expect(w.votes.favourites(G, 'me', { offset: 4, limit: 2 })).toEqual({ total: 4, items: [] });
    expect(first.items[0]?.paper.title).toBe('Paper 2509.00002');

    // Withdrawing a vote takes the paper off the list.
    w.votes.toggleButtonVote(G, '2509.00003', 'me');
    expect(w.votes.favourites(G, 'me', { offset: 0, limit: 10 }).items.map((i) => i.paper.id)).toEqual([
      '2509.00002',
      '2509.00001',
      '2509.00005',
    ]);
  });
});

describe('export rows', () => {
  let w: VoteWorld;
  beforeEach(() => {
    w = voteWorld();
    w.addPapers(
      '2025-09-08',
      paper('2509.00001', { hfUpvotes: 1 }),
      paper('2509.00002', { hfUpvotes: 2 }),
      paper('2509.00003'),
    );
    w.setNow('2025-08-01T00:00:00.000Z');
    w.votes.toggleButtonVote(G, '2509.00001', 'me');
    w.votes.toggleButtonVote(G, '2509.00001', 'other');
    w.setNow('2025-09-09T00:00:00.000Z');
    w.votes.addReaction(G, 'm', '2509.00002', 'me', '🔥');
    w.votes.toggleButtonVote(G, '2509.00003', 'other');
    w.votes.toggleButtonVote(G, '2509.00003', 'third');
    w.votes.toggleButtonVote(G, '2509.00003', 'fourth');
  });

  it('gives a member’s papers with their vote time and the server’s all-time count', () => {
    const rows = w.votes.exportRows(G, { scope: 'mine', userId: 'me', since: null });
    expect(rows.map((r) => [r.paper.id, r.serverVotes, r.votedAt])).toEqual([
      ['2509.00002', 1, '2025-09-09T00:00:00.000Z'],
      ['2509.00001', 2, '2025-08-01T00:00:00.000Z'],
    ]);
    const recent = w.votes.exportRows(G, { scope: 'mine', userId: 'me', since: '2025-09-01T00:00:00.000Z' });
    expect(recent.map((r) => r.paper.id)).toEqual(['2509.00002']);
  });

  it('gives the server’s papers, most votes first, the period choosing papers by their latest vote', () => {
    const all = w.votes.exportRows(G, { scope: 'server', userId: 'me', since: null });
    expect(all.map((r) => [r.paper.id, r.serverVotes, r.votedAt])).toEqual([
      ['2509.00003', 3, null],
      ['2509.00001', 2, null],
      ['2509.00002', 1, null],
    ]);
    const recent = w.votes.exportRows(G, { scope: 'server', userId: 'me', since: '2025-09-01T00:00:00.000Z' });
    expect(recent.map((r) => r.paper.id)).toEqual(['2509.00003', '2509.00002']);
    expect(w.votes.exportRows('guild-b', { scope: 'server', userId: 'me', since: null })).toEqual([]);
  });
});
