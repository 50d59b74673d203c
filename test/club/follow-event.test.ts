// The club with Discord as the source of truth: whoever moves an event on (the bot, a moderator, or Discord on its
// own), the session follows once, and completed and cancelled stay final.
import { describe, expect, it } from 'vitest';
import { createClubPostStore } from '../../src/club/club-post-store.ts';
import { createPollStore } from '../../src/club/poll-store.ts';
import {
  advanceSession,
  followEvent,
  rereadEvents,
  type ClubContext,
  type ClubEvents,
  type EventState,
} from '../../src/club/run-club.ts';
import { createSessionStore } from '../../src/club/session-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { paper, voteWorld } from '../votes/world.ts';

const START = '2031-05-06T18:00:00.000Z';
const END = '2031-05-06T19:00:00.000Z';

/** A club over a real database, whose Discord events are whatever `events` says, on a clock the test sets. */
function club() {
  const clock = { now: new Date('2031-05-06T12:00:00.000Z') };
  const w = voteWorld();
  w.addPapers('2031-05-01', paper('3105.00001', { title: 'Read Me' }));
  const events = new Map<string, EventState>();
  const calls: string[] = [];
  const state = (id: string): EventState => events.get(id) ?? { id, status: 'gone' };
  const discord: ClubEvents = {
    create: () => Promise.reject(new Error('not here')),
    setStatus: (_g, id, status) => {
      calls.push(`${id}:${status}`);
      const e = state(id);
      const moves = e.status === 'scheduled' || (e.status === 'active' && status === 'completed');
      if (moves) events.set(id, { ...e, status });
      return Promise.resolve(state(id));
    },
    interested: () => Promise.resolve([]),
    list: (guildId) =>
      Promise.resolve(
        [...events.values()].filter((e) => guildId === 'g' && (e.status === 'scheduled' || e.status === 'active')),
      ),
    get: (_g, id) => Promise.resolve(state(id)),
  };
  const sent: string[] = [];
  const ctx: ClubContext = {
    sessions: createSessionStore(w.db, () => clock.now),
    posts: createClubPostStore(w.db, () => clock.now),
    polls: createPollStore(w.db, () => clock.now),
    papers: createPaperStore(w.db),
    votes: w.votes,
    events: discord,
    pollResults: () => Promise.resolve(null),
    send: (channelId) => {
      sent.push(channelId);
      return Promise.resolve();
    },
    now: () => clock.now,
    log: createLogger({ level: 'silent' }),
  };
  const schedule = (eventId: string) => {
    events.set(eventId, { id: eventId, status: 'scheduled', startsAt: START, endsAt: END });
    return ctx.sessions.add({
      eventId,
      guildId: 'g',
      paperId: '3105.00001',
      threadId: `thread-${eventId}`,
      voiceChannelId: null,
      startsAt: START,
      endsAt: END,
      createdBy: 'u',
    });
  };
  const set = (id: string, status: EventState['status']) =>
    events.set(id, status === 'gone' ? { id, status } : { id, status, startsAt: START, endsAt: END });
  const startingPosts = (eventId: string) =>
    ctx.posts.pending(`thread-${eventId}`).filter((p) => p.kind === 'starting');
  return {
    ctx,
    clock,
    set,
    schedule,
    calls,
    sent,
    startingPosts,
    status: (id: string) => ctx.sessions.get(id)!.status,
  };
}

describe('a session follows its event, with Discord as the source of truth', () => {
  it('records "Starting now" once when Discord started the event before the minute tick got there', async () => {
    const c = club();
    c.schedule('e1');
    c.clock.now = new Date(START);
    c.set('e1', 'active'); // an external event starts on its own at its start time
    await followEvent(c.ctx, { id: 'e1', status: 'active', startsAt: START, endsAt: END }); // the gateway's update
    expect(c.status('e1')).toBe('active');
    expect(c.startingPosts('e1')).toHaveLength(1);
    expect(c.sent).toEqual(['thread-e1']);
    await advanceSession(c.ctx, c.ctx.sessions.get('e1')!); // the tick, with nothing left to do
    await followEvent(c.ctx, { id: 'e1', status: 'active', startsAt: START, endsAt: END }); // a repeated update
    expect(c.startingPosts('e1')).toHaveLength(1);
  });

  it('records "Starting now" once when the tick started the event and the gateway update came after', async () => {
    const c = club();
    const s = c.schedule('e1');
    c.clock.now = new Date(START);
    await advanceSession(c.ctx, s);
    await followEvent(c.ctx, { id: 'e1', status: 'active', startsAt: START, endsAt: END });
    await advanceSession(c.ctx, s); // a tick that read the session before it started
    expect(c.calls).toEqual(['e1:active', 'e1:active']);
    expect(c.startingPosts('e1')).toHaveLength(1);
    expect(c.status('e1')).toBe('active');
  });

  it('never starts a session whose event was cancelled in Discord: it is cancelled, with no "Starting now"', async () => {
    const c = club();
    const s = c.schedule('e1');
    c.set('e1', 'cancelled'); // the update was missed (the bot was reconnecting)
    c.clock.now = new Date(START);
    await advanceSession(c.ctx, s);
    expect(c.status('e1')).toBe('cancelled');
    expect(c.startingPosts('e1')).toHaveLength(0);
  });

  it('keeps completed and cancelled final: a late 10070 or a late update changes nothing', async () => {
    const c = club();
    c.schedule('e1');
    c.schedule('e2');
    c.clock.now = new Date(END);
    c.set('e1', 'completed');
    await followEvent(c.ctx, { id: 'e1', status: 'completed', startsAt: START, endsAt: END });
    await followEvent(c.ctx, { id: 'e1', status: 'gone' });
    await followEvent(c.ctx, { id: 'e1', status: 'cancelled', startsAt: START, endsAt: END });
    expect(c.status('e1')).toBe('completed');
    expect(c.ctx.sessions.readPaperIds('g')).toEqual(new Set(['3105.00001']));

    c.set('e2', 'cancelled');
    await followEvent(c.ctx, { id: 'e2', status: 'cancelled', startsAt: START, endsAt: END });
    await followEvent(c.ctx, { id: 'e2', status: 'active', startsAt: START, endsAt: END });
    expect(c.status('e2')).toBe('cancelled');
    expect(c.startingPosts('e2')).toHaveLength(0);
  });

  it('a session whose event is gone took place if its start had passed, and is cancelled if not', async () => {
    const c = club();
    c.schedule('before');
    c.schedule('after');
    c.clock.now = new Date(Date.parse(START) - 60_000);
    await followEvent(c.ctx, { id: 'before', status: 'gone' });
    c.clock.now = new Date(Date.parse(START) + 60_000);
    await followEvent(c.ctx, { id: 'after', status: 'gone' });
    expect(c.status('before')).toBe('cancelled');
    expect(c.status('after')).toBe('completed');
  });

  it('at start-up, a session that ended while the bot was down is completed, whether its event is gone or finished', async () => {
    const c = club();
    c.schedule('completed');
    c.schedule('deleted');
    c.schedule('cancelled');
    c.schedule('running');
    c.clock.now = new Date(Date.parse(END) + 3_600_000);
    c.set('completed', 'completed'); // not listed any more: read by id
    c.set('deleted', 'gone');
    c.set('cancelled', 'cancelled'); // never started: Discord cancelled it
    c.set('running', 'active');
    await rereadEvents(c.ctx);
    expect(['completed', 'deleted', 'cancelled', 'running'].map(c.status)).toEqual([
      'completed',
      'completed',
      'cancelled',
      'active',
    ]);
    expect(c.startingPosts('running')).toHaveLength(1);
    const history = c.ctx.sessions.past('g', 0, 10);
    expect(history.items.map((s) => s.eventId).sort()).toEqual(['completed', 'deleted']);
  });

  it('the end step completes a session Discord already completed, and one whose event was then deleted', async () => {
    const c = club();
    const a = c.schedule('a');
    const b = c.schedule('b');
    c.clock.now = new Date(START);
    await advanceSession(c.ctx, a);
    await advanceSession(c.ctx, b);
    c.clock.now = new Date(END);
    c.set('a', 'completed');
    c.set('b', 'gone');
    await advanceSession(c.ctx, c.ctx.sessions.get('a')!);
    await advanceSession(c.ctx, c.ctx.sessions.get('b')!);
    expect([c.status('a'), c.status('b')]).toEqual(['completed', 'completed']);
  });
});
