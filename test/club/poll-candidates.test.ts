import { beforeEach, describe, expect, it } from 'vitest';
import { createClubPostStore } from '../../src/club/club-post-store.ts';
import { pollBody, pollCandidates } from '../../src/club/poll-candidates.ts';
import { createSessionStore, type SessionStore } from '../../src/club/session-store.ts';
import { planWeeklyPoll } from '../../src/club/weekly-poll.ts';
import { createGuildSettingsStore } from '../../src/settings/guild-settings-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { paper, voteWorld, type VoteWorld } from '../votes/world.ts';

const G = 'guild-a';
const NOW = new Date('2025-09-10T12:00:00.000Z');

function votesAt(w: VoteWorld, paperId: string, n: number, at: string, guildId = G) {
  w.setNow(at);
  for (let i = 0; i < n; i++) w.votes.toggleButtonVote(guildId, paperId, `${paperId}-member-${i}`);
}

let sessionN = 0;
function session(sessions: SessionStore, paperId: string, status: 'completed' | 'scheduled' | 'cancelled') {
  const eventId = `event-${++sessionN}`;
  sessions.add({
    eventId,
    guildId: G,
    paperId,
    threadId: 'thread',
    voiceChannelId: null,
    startsAt: '2025-09-01T18:00:00.000Z',
    endsAt: '2025-09-01T19:00:00.000Z',
    createdBy: 'u',
  });
  if (status !== 'scheduled') sessions.setStatus(eventId, status);
}

describe('poll candidates', () => {
  let w: VoteWorld;
  let sessions: SessionStore;
  const ids = (period: 'week' | 'month' = 'week') =>
    pollCandidates({ votes: w.votes, sessions }, G, period, NOW).map((c) => [c.paper.id, c.votes]);

  beforeEach(() => {
    w = voteWorld();
    sessions = createSessionStore(w.db, () => NOW);
    const papers = Array.from({ length: 14 }, (_, i) => paper(`2509.${String(i + 1).padStart(5, '0')}`));
    w.addPapers('2025-09-01', ...papers, paper('2508.00001'), paper('2509.00099', { hfUpvotes: 9999 }));
    // 14 papers voted this week: paper n has n votes.
    papers.forEach((p, i) => votesAt(w, p.id, i + 1, '2025-09-09T10:00:00.000Z'));
    // Voted three weeks ago: only in the month.
    votesAt(w, '2508.00001', 20, '2025-08-20T10:00:00.000Z');
    // Voted in another server only.
    votesAt(w, '2509.00099', 3, '2025-09-09T10:00:00.000Z', 'guild-b');
  });

  it("are the period's most upvoted papers of the server, ten at most, most votes first", () => {
    expect(ids()).toEqual(Array.from({ length: 10 }, (_, i) => [`2509.${String(14 - i).padStart(5, '0')}`, 14 - i]));
    expect(ids('month')[0]).toEqual(['2508.00001', 20]);
  });

  it('leave out papers read in a completed session, and still fill ten (exact, not cut before filtering)', () => {
    session(sessions, '2509.00014', 'completed');
    session(sessions, '2509.00013', 'completed');
    session(sessions, '2509.00012', 'scheduled');
    session(sessions, '2509.00011', 'cancelled');
    const got = ids().map(([id]) => id);
    expect(got).toHaveLength(10);
    expect(got).not.toContain('2509.00014');
    expect(got).not.toContain('2509.00013');
    expect(got.slice(0, 2)).toEqual(['2509.00012', '2509.00011']);
    expect(got.at(-1)).toBe('2509.00003');
  });

  it('are none in a server without votes in the period', () => {
    expect(pollCandidates({ votes: w.votes, sessions }, 'guild-c', 'month', NOW)).toEqual([]);
  });

  it('make a poll body: ids and titles in order, ending after the hours', () => {
    const cands = pollCandidates({ votes: w.votes, sessions }, G, 'week', NOW).slice(0, 2);
    expect(pollBody(cands, 'week', 48, NOW)).toEqual({
      paperIds: ['2509.00014', '2509.00013'],
      titles: cands.map((c) => c.paper.title),
      hours: 48,
      endsAt: '2025-09-12T12:00:00.000Z',
      period: 'week',
    });
  });
});

describe('weekly poll', () => {
  it('is recorded once per week, only when the server turned it on and has two candidates', () => {
    const w = voteWorld();
    const sessions = createSessionStore(w.db, () => NOW);
    const posts = createClubPostStore(w.db, () => NOW);
    const guildSettings = createGuildSettingsStore(w.db);
    w.addPapers('2025-09-01', paper('2509.00001'), paper('2509.00002'));
    votesAt(w, '2509.00001', 2, '2025-09-09T10:00:00.000Z');
    const ctx = { guildSettings, votes: w.votes, club: { sessions, posts }, log: createLogger({ level: 'silent' }) };
    const digest = { guildId: G, channelId: 'digest', week: '2025-W37', now: NOW };
    const pending = () => posts.pending('digest').map((p) => p.key);

    guildSettings.setWeeklyPoll(G, true);
    planWeeklyPoll(ctx, digest);
    expect(pending()).toEqual([]); // one candidate
    votesAt(w, '2509.00002', 1, '2025-09-09T11:00:00.000Z');
    guildSettings.setWeeklyPoll(G, false);
    expect(guildSettings.weeklyPoll(G)).toBe(false);
    planWeeklyPoll(ctx, digest);
    expect(pending()).toEqual([]); // off
    guildSettings.setWeeklyPoll(G, true);
    planWeeklyPoll(ctx, digest);
    planWeeklyPoll(ctx, digest);
    expect(pending()).toEqual([`weekly-poll:${G}:2025-W37`]);
    expect(posts.pending('digest')[0]?.body).toMatchObject({
      paperIds: ['2509.00001', '2509.00002'],
      hours: 48,
      period: 'week',
    });
  });
});
