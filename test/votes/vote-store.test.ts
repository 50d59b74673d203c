import { beforeEach, describe, expect, it } from 'vitest';
import { voteWorld, paper, type VoteWorld } from './world.ts';

const A = 'guild-a';
const B = 'guild-b';
const P = '2509.00001';
const Q = '2509.00002';

describe('vote store', () => {
  let w: VoteWorld;
  beforeEach(() => {
    w = voteWorld();
    w.addPapers('2025-09-08', paper(P), paper(Q));
  });

  it('toggles a button vote on, off and on again, returning the state and the count', () => {
    expect(w.votes.toggleButtonVote(A, P, 'u1')).toEqual({ voted: true, counted: true, count: 1 });
    expect(w.votes.toggleButtonVote(A, P, 'u2')).toEqual({ voted: true, counted: true, count: 2 });
    expect(w.votes.toggleButtonVote(A, P, 'u1')).toEqual({ voted: false, counted: false, count: 1 });
    expect(w.votes.hasVoted(A, P, 'u1')).toBe(false);
    expect(w.votes.toggleButtonVote(A, P, 'u1')).toEqual({ voted: true, counted: true, count: 2 });
    expect(w.votes.hasVoted(A, P, 'u1')).toBe(true);
    expect(w.votes.count(A, P)).toBe(2);
  });

  it('counts a member once whichever way, and however many emoji, they vote', () => {
    w.votes.toggleButtonVote(A, P, 'u1');
    expect(w.votes.addReaction(A, 'm1', P, 'u1', '👍')).toEqual({ changed: false, count: 1 });
    expect(w.votes.addReaction(A, 'm1', P, 'u1', '🔥')).toEqual({ changed: false, count: 1 });
    expect(w.votes.addReaction(A, 'm2', P, 'u1', '👍')).toEqual({ changed: false, count: 1 });
    // A repeated gateway event is harmless.
    expect(w.votes.addReaction(A, 'm1', P, 'u1', '👍')).toEqual({ changed: false, count: 1 });
    expect(w.votes.count(A, P)).toBe(1);
    const rows = w.db
      .prepare('SELECT source FROM votes WHERE guild_id = ? AND paper_id = ? ORDER BY source')
      .pluck()
      .all(A, P);
    expect(rows).toEqual(['button', 'reaction']);
  });

  it('keeps the reaction vote while a counted reaction remains, and drops it with the last one', () => {
    expect(w.votes.addReaction(A, 'm1', P, 'u1', '👍')).toEqual({ changed: true, count: 1 });
    w.votes.addReaction(A, 'm1', P, 'u1', '⬆️');
    expect(w.votes.removeReaction(A, 'm1', 'u1', '👍')).toEqual({ paperId: P, changed: false, count: 1 });
    expect(w.votes.hasVoted(A, P, 'u1')).toBe(true);
    expect(w.votes.removeReaction(A, 'm1', 'u1', '⬆️')).toEqual({ paperId: P, changed: true, count: 0 });
    expect(w.votes.hasVoted(A, P, 'u1')).toBe(false);
    expect(w.votes.removeReaction(A, 'm1', 'u1', '⬆️')).toBeNull();
  });

  it('treats an emoji with and without U+FE0F as one reaction', () => {
    w.votes.addReaction(A, 'm1', P, 'u1', '⬆️');
    expect(w.votes.removeReaction(A, 'm1', 'u1', '⬆')).toEqual({ paperId: P, changed: true, count: 0 });
  });

  it('keeps the vote while a reaction remains on another post of the same paper', () => {
    w.votes.addReaction(A, 'channel-1-msg', P, 'u1', '👍');
    w.votes.addReaction(A, 'channel-2-msg', P, 'u1', '👍');
    expect(w.votes.removeReaction(A, 'channel-1-msg', 'u1', '👍')?.count).toBe(1);
    expect(w.votes.removeReaction(A, 'channel-2-msg', 'u1', '👍')?.count).toBe(0);
  });

  it('keeps a button vote when the reactions go, and a reaction vote when the button is toggled off', () => {
    w.votes.toggleButtonVote(A, P, 'u1');
    w.votes.addReaction(A, 'm1', P, 'u1', '👍');
    expect(w.votes.removeReaction(A, 'm1', 'u1', '👍')).toEqual({ paperId: P, changed: false, count: 1 });
    expect(w.votes.hasVoted(A, P, 'u1')).toBe(true);

    w.votes.addReaction(A, 'm1', P, 'u1', '👍');
    expect(w.votes.toggleButtonVote(A, P, 'u1')).toEqual({ voted: false, counted: true, count: 1 });
    expect(w.votes.toggleButtonVote(A, P, 'u1')).toEqual({ voted: true, counted: true, count: 1 });
  });

  it('keeps servers apart', () => {
    w.votes.toggleButtonVote(A, P, 'u1');
    w.votes.addReaction(A, 'm1', P, 'u2', '👍');
    expect(w.votes.count(B, P)).toBe(0);
    expect(w.votes.hasVoted(B, P, 'u1')).toBe(false);
    expect(w.votes.counts(B, [P]).get(P)).toBe(0);
    // The same member votes in B on their own; A is untouched.
    expect(w.votes.toggleButtonVote(B, P, 'u1')).toEqual({ voted: true, counted: true, count: 1 });
    expect(w.votes.count(A, P)).toBe(2);
    // A reaction recorded in A cannot be removed through B.
    expect(w.votes.removeReaction(B, 'm1', 'u2', '👍')).toBeNull();
    expect(w.votes.count(A, P)).toBe(2);
    expect(w.votes.favourites(B, 'u2', { offset: 0, limit: 10 }).total).toBe(0);
    expect(w.votes.top(B, { since: null, limit: 10, sort: 'votes' }).map((t) => t.paper.id)).toEqual([P]);
    expect(w.votes.exportRows(B, { scope: 'server', userId: 'u1', since: null }).map((r) => r.serverVotes)).toEqual([
      1,
    ]);
  });

  it('treats hostile ids as plain values', () => {
    const evil = "x' OR '1'='1";
    w.votes.toggleButtonVote(A, P, 'u1');
    expect(w.votes.count(evil, P)).toBe(0);
    expect(w.votes.counts(evil, [P, `${P}') OR 1=1 --`]).get(P)).toBe(0);
    expect(w.votes.favourites(evil, 'u1', { offset: 0, limit: 5 })).toEqual({ total: 0, items: [] });
    expect(w.votes.exportRows(A, { scope: 'mine', userId: evil, since: null })).toEqual([]);
  });

  it('counts many papers at once, with zeros for unvoted ones', () => {
    w.votes.toggleButtonVote(A, P, 'u1');
    w.votes.toggleButtonVote(A, P, 'u2');
    w.votes.addReaction(A, 'm2', Q, 'u1', '👍');
    expect([...w.votes.counts(A, [P, Q, '2509.99999'])]).toEqual([
      [P, 2],
      [Q, 1],
      ['2509.99999', 0],
    ]);
    expect(w.votes.counts(A, []).size).toBe(0);
  });

  it('derives counts from the vote rows: there is no counter to drift', () => {
    const columns = w.db.prepare("SELECT name FROM pragma_table_info('votes')").pluck().all();
    expect(columns).toEqual(['guild_id', 'paper_id', 'user_id', 'source', 'voted_at']);
    for (let i = 0; i < 5; i++) w.votes.toggleButtonVote(A, P, `u${i}`);
    for (let i = 3; i < 8; i++) w.votes.addReaction(A, 'm1', P, `u${i}`, '🔥');
    const distinct = w.db
      .prepare('SELECT count(DISTINCT user_id) FROM votes WHERE guild_id = ? AND paper_id = ?')
      .pluck()
      .get(A, P);
    expect(distinct).toBe(8);
    expect(w.votes.count(A, P)).toBe(8);
    // A row removed behind the store's back is reflected at once.
    w.db.prepare("DELETE FROM votes WHERE user_id = 'u0'").run();
    expect(w.votes.count(A, P)).toBe(7);
  });

  it('dates a second way of voting from the member’s first, so one vote has one time', () => {
    w.setNow('2025-09-10T12:00:00.000Z');
    w.votes.addReaction(A, 'm1', P, 'u1', '👍');
    w.setNow('2025-09-12T12:00:00.000Z');
    w.votes.toggleButtonVote(A, P, 'u1');
    const times = w.db.prepare('SELECT DISTINCT voted_at FROM votes WHERE user_id = ?').pluck().all('u1');
    expect(times).toEqual(['2025-09-10T12:00:00.000Z']);
    // Dropping the reaction leaves the button vote with the original time.
    w.votes.removeReaction(A, 'm1', 'u1', '👍');
    expect(w.votes.favourites(A, 'u1', { offset: 0, limit: 1 }).items[0]?.votedAt).toBe('2025-09-10T12:00:00.000Z');
  });

  it('rejects a vote for a paper it does not know', () => {
    expect(() => w.votes.toggleButtonVote(A, '2509.99999', 'u1')).toThrow(/FOREIGN KEY/);
    expect(w.votes.count(A, '2509.99999')).toBe(0);
  });
});
