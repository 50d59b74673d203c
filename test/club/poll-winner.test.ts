import { describe, expect, it } from 'vitest';
import { createClubPostStore } from '../../src/club/club-post-store.ts';
import { createPollStore } from '../../src/club/poll-store.ts';
import { pollWinner } from '../../src/club/poll-winner.ts';
import { decidePoll, type ClubContext } from '../../src/club/run-club.ts';
import { createSessionStore } from '../../src/club/session-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { paper, voteWorld } from '../votes/world.ts';

const t = (paperId: string, pollVotes: number, serverVotes = 0, hfUpvotes = 0) => ({
  paperId,
  pollVotes,
  serverVotes,
  hfUpvotes,
});

describe('pollWinner', () => {
  it('is the most poll votes', () => {
    expect(pollWinner([t('a', 1, 9, 9), t('b', 2), t('c', 0, 99, 99)])?.paperId).toBe('b');
  });
  it('breaks a tie by server votes, then HF upvotes, then the earlier answer', () => {
    expect(pollWinner([t('a', 2, 1, 50), t('b', 2, 3, 1)])?.paperId).toBe('b');
    expect(pollWinner([t('a', 2, 3, 5), t('b', 2, 3, 50)])?.paperId).toBe('b');
    expect(pollWinner([t('a', 2, 3, 5), t('b', 2, 3, 5)])?.paperId).toBe('a');
  });
  it('is nobody when no one voted', () => {
    expect(pollWinner([t('a', 0, 5, 5), t('b', 0)])).toBeNull();
  });
});

describe('decidePoll', () => {
  it('posts one winner, ties broken by server votes then HF upvotes, and never twice', async () => {
    const now = new Date('2025-09-10T12:00:00.000Z');
    const w = voteWorld();
    w.addPapers(
      '2025-09-01',
      paper('2509.00001', { title: 'One', hfUpvotes: 900 }),
      paper('2509.00002', { title: 'Two', hfUpvotes: 5 }),
      paper('2509.00003', { title: 'Three', hfUpvotes: 10 }),
    );
    // 2 and 3 tie on server votes; 1 has fewer. All three tie on poll votes.
    w.votes.toggleButtonVote('g', '2509.00001', 'u1');
    for (const u of ['u1', 'u2']) {
      w.votes.toggleButtonVote('g', '2509.00002', u);
      w.votes.toggleButtonVote('g', '2509.00003', u);
    }
    const posts = createClubPostStore(w.db, () => now);
    const polls = createPollStore(w.db, () => now);
    const sent: string[] = [];
    const ctx: ClubContext = {
      sessions: createSessionStore(w.db, () => now),
      posts,
      polls,
      papers: createPaperStore(w.db),
      votes: w.votes,
      events: {
        create: () => Promise.reject(new Error('no session is scheduled here')),
        setStatus: () => Promise.reject(new Error('no session is scheduled here')),
        interested: () => Promise.resolve([]),
        list: () => Promise.resolve([]),
        get: () => Promise.reject(new Error('no session is scheduled here')),
      },
      pollResults: () => Promise.resolve(null),
      send: (channelId) => {
        sent.push(channelId);
        return Promise.resolve();
      },
      now: () => now,
      log: createLogger({ level: 'silent' }),
    };
    polls.add({
      messageId: 'm1',
      guildId: 'g',
      channelId: 'c',
      paperIds: ['2509.00001', '2509.00002', '2509.00003'],
      endsAt: now.toISOString(),
    });
    const counts = new Map([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    await decidePoll(ctx, polls.get('m1')!, counts);
    await decidePoll(ctx, polls.get('m1')!, counts);
    const pending = posts.pending('c');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      key: 'winner:m1',
      kind: 'winner',
      body: { pollMessageId: 'm1', paperId: '2509.00003', title: 'Three', pollVotes: 2, totalVotes: 6 },
    });
    expect(polls.get('m1')?.winnerPaperId).toBe('2509.00003');
    expect(sent).toEqual(['c']);
  });
});
