import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { clubLedger, type ClubLayout } from '../../src/club/club-ledger.ts';
import { createClubPostStore } from '../../src/club/club-post-store.ts';
import { createPollStore } from '../../src/club/poll-store.ts';
import { createSessionStore } from '../../src/club/session-store.ts';
import { migrate, schemaVersion } from '../../src/db/migrate.ts';
import { immediate } from '../../src/db/immediate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

const G = '900000000000000001';
const session = (eventId: string, startsAt: string, over = {}) => ({
  eventId,
  guildId: G,
  paperId: '2511.00001',
  threadId: 't1',
  voiceChannelId: null,
  startsAt,
  endsAt: startsAt.replace('T18', 'T19'),
  createdBy: 'u1',
  ...over,
});

function world() {
  const db = memoryDb();
  storePapers(db, [paper('2511.00001'), paper('2511.00002')]);
  return {
    db,
    sessions: createSessionStore(db),
    posts: createClubPostStore(db),
    polls: createPollStore(db),
  };
}

/** A poll waiting in channel c1 under `key`; `body` as the club records it (a broken one, too). */
const addPoll = (w: ReturnType<typeof world>, key: string, body: Record<string, unknown>) =>
  w.posts.add({ key, guildId: G, channelId: 'c1', kind: 'poll', body });

describe('the session store', () => {
  it('lists upcoming sessions soonest first, past ones newest first, and the papers read', () => {
    const w = world();
    w.sessions.add(session('e2', '2026-12-10T18:00:00.000Z'));
    w.sessions.add(session('e1', '2026-12-03T18:00:00.000Z', { paperId: '2511.00002' }));
    w.sessions.add(session('e3', '2026-11-01T18:00:00.000Z'));
    w.sessions.setStatus('e3', 'completed');
    expect(w.sessions.upcoming(G).map((s) => s.eventId)).toEqual(['e1', 'e2']);
    expect(w.sessions.past(G, 0, 10)).toMatchObject({ total: 1, items: [{ eventId: 'e3' }] });
    expect([...w.sessions.readPaperIds(G)]).toEqual(['2511.00001']);
    w.sessions.move('e2', '2026-11-20T18:00:00.000Z', '2026-11-20T19:00:00.000Z');
    expect(w.sessions.upcoming(G).map((s) => s.eventId)).toEqual(['e2', 'e1']);
    expect(w.sessions.cancelGuild(G)).toBe(2);
    expect(w.sessions.open()).toEqual([]);
  });
});

describe('the club ledger', () => {
  const layout: ClubLayout = { render: (p) => ({ content: p.key }), isRenderingOf: () => false };
  /** The club's ledger over a world's stores, its writes in one transaction as the app makes them. */
  const ledgerOf = (w: ReturnType<typeof world>) =>
    clubLedger({
      atomically: (work) => immediate(w.db, work)(),
      posts: w.posts,
      sessions: w.sessions,
      polls: w.polls,
      layout,
    });

  it('records a post once per key, and all of a multi-message reminder or none', () => {
    const w = world();
    const post = { key: 'k', guildId: G, channelId: 't1', kind: 'announcement' as const, body: { a: 1 } };
    expect(w.posts.add(post)).toBe(true);
    expect(w.posts.add(post)).toBe(false);
    expect(() => w.posts.addAll([{ ...post, key: 'k2' }, post, { ...post, key: 'k3', body: undefined }])).toThrow();
    expect(w.posts.has('k2')).toBe(false);
    expect(w.posts.pending('t1').map((p) => p.key)).toEqual(['k']);
  });

  it('never sends a reminder for a session since moved or cancelled; records a poll once it is sent', () => {
    const w = world();
    const ledger = ledgerOf(w);
    w.sessions.add(session('e1', '2026-12-03T18:00:00.000Z'));
    const about = (startsAt: string) => ({ eventId: 'e1', startsAt });
    w.posts.add({
      key: 'r-old',
      guildId: G,
      channelId: 't1',
      kind: 'reminder',
      body: about('2026-12-01T18:00:00.000Z'),
    });
    w.posts.add({
      key: 'r-now',
      guildId: G,
      channelId: 't1',
      kind: 'reminder',
      body: about('2026-12-03T18:00:00.000Z'),
    });
    expect(ledger.pending('t1').map((p) => p.key)).toEqual(['r-now']);
    w.sessions.setStatus('e1', 'cancelled');
    expect(ledger.pending('t1')).toEqual([]);
    expect(ledger.channelsWithWork()).toEqual([]);

    w.posts.add({
      key: 'poll',
      guildId: G,
      channelId: 'c1',
      kind: 'poll',
      body: { paperIds: ['2511.00001', '2511.00002'], titles: ['a', 'b'], hours: 48, endsAt: 'x', period: 'week' },
    });
    const [poll] = ledger.pending('c1');
    void ledger.markSent(poll!, 'm1', false);
    expect(w.polls.get('m1')).toMatchObject({ paperIds: ['2511.00001', '2511.00002'], endsAt: 'x' });
    expect(w.polls.decide('m1', '2511.00002')).toBe(true);
    expect(w.polls.decide('m1', '2511.00001')).toBe(false);
    expect(w.polls.get('m1')?.winnerPaperId).toBe('2511.00002');
  });

  it('records a sent poll and marks its post sent in one transaction: both or neither', async () => {
    const w = world();
    const ledger = ledgerOf(w);
    addPoll(w, 'poll', { paperIds: ['2511.00001'], endsAt: 'x' });
    addPoll(w, 'bad', { endsAt: 'x' });
    const byKey = (key: string) => w.posts.pending('c1').find((p) => p.key === key)!;
    const [good, bad] = [byKey('poll'), byKey('bad')];
    await ledger.markSent(good, 'm9', false);
    expect(w.polls.get('m9')?.paperIds).toEqual(['2511.00001']);
    // A poll that cannot be recorded (no papers: NOT NULL) leaves its post pending, not sent and lost.
    expect(() => ledger.markSent(bad, 'm10', false)).toThrow();
    expect(w.posts.pending('c1').map((p) => p.key)).toEqual(['bad']);
    expect(w.polls.get('m10')).toBeNull();
  });

  it('a poll stopped while its send was in flight (the bot left) is recorded sent, with no winner to decide', async () => {
    const w = world();
    const ledger = ledgerOf(w);
    addPoll(w, 'poll', { paperIds: ['2511.00001'], endsAt: 'x' });
    const [poll] = ledger.pending('c1');
    expect(w.posts.stopGuild(G, 'the bot left the server')).toBe(1);
    await ledger.markSent(poll!, 'm1', true);
    expect(w.posts.messageOf('poll')).toBe('m1');
    expect(w.polls.get('m1')).toBeNull();
  });
});

describe('migration 10', () => {
  it('upgrades a version 9 database with rows in place', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 9));
    db.prepare("INSERT INTO guild_settings (guild_id, weekly_timezone) VALUES (?, 'Europe/Berlin')").run(G);
    migrate(db, migrations.slice(0, 10));
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT weekly_timezone, weekly_poll FROM guild_settings').get()).toEqual({
      weekly_timezone: 'Europe/Berlin',
      weekly_poll: 0,
    });
    expect(() => createSessionStore(db).add(session('e1', '2026-12-03T18:00:00.000Z'))).toThrow(/FOREIGN KEY/);
  });
});
