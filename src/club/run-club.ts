import type { Logger } from '../log/logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { ReminderBody, SessionRef, WinnerBody } from './club-bodies.ts';
import type { ClubPostStore, NewClubPost } from './club-post-store.ts';
import { pollWinner } from './poll-winner.ts';
import type { ClubPoll, PollStore } from './poll-store.ts';
import { dueStep, reminderKey } from './session-steps.ts';
import type { Session, SessionStore } from './session-store.ts';

/**
 * Members mentioned per reminder message: Discord notifies at most 100 a message, and 70 mentions of up to
 * 22 characters leave the rest of its 2,000 characters for the text.
 */
export const MENTIONS_PER_MESSAGE = 70;

/** A session's event, as the club asks Discord for it. */
export interface NewEvent {
  paper: Pick<Paper, 'id' | 'title' | 'aiSummary' | 'abstract'>;
  startsAt: Date;
  endsAt: Date;
  /** The paper's discussion thread: the event is located there when it has no voice or stage channel. */
  threadId: string;
  voiceChannel: { id: string; stage: boolean } | null;
}

/** What the club needs of Discord's scheduled events (the adapter implements it). */
export interface ClubEvents {
  /** Creates a session's event; its id. */
  create(guildId: string, event: NewEvent): Promise<string>;
  /**
   * Moves an event on to `status` unless Discord already moved it elsewhere (it starts and ends events on its own,
   * and completed and cancelled are final); the event as it is afterwards.
   */
  setStatus(guildId: string, eventId: string, status: 'active' | 'completed' | 'cancelled'): Promise<EventState>;
  interested(guildId: string, eventId: string): Promise<string[]>;
  /** The server's events still to come or under way, as Discord lists them now (finished ones are not listed). */
  list(guildId: string): Promise<EventState[]>;
  /** One event as Discord has it now, finished or not; `gone` when deleted. */
  get(guildId: string, eventId: string): Promise<EventState>;
}

/** A finished poll's counts per answer id (1-based). */
export interface PollResults {
  finalized: boolean;
  counts: ReadonlyMap<number, number>;
}

export interface ClubContext {
  sessions: SessionStore;
  posts: ClubPostStore;
  polls: PollStore;
  papers: Pick<PaperStore, 'get'>;
  votes: { counts(guildId: string, paperIds: readonly string[]): Map<string, number> };
  events: ClubEvents;
  /** The poll's results as Discord has them now, or null when its message is gone. */
  pollResults(channelId: string, messageId: string): Promise<PollResults | null>;
  /** Sends a channel's pending posts (the outbox). */
  send(channelId: string): Promise<void>;
  now: () => Date;
  log: Logger;
}

export const sessionRef = (s: Session, title: string): SessionRef => ({
  eventId: s.eventId,
  guildId: s.guildId,
  paperId: s.paperId,
  title,
  startsAt: s.startsAt,
});

export const titleOf = (ctx: Pick<ClubContext, 'papers'>, paperId: string) => ctx.papers.get(paperId)?.title ?? paperId;

/** Moves one session on: its reminder, its start, or its end, whichever is due. */
export async function advanceSession(ctx: ClubContext, s: Session): Promise<void> {
  const step = dueStep(s, ctx.now());
  if (!step) return;
  // Read only for a post about to be recorded: a reminder's step stays due every minute until the start.
  const ref = () => sessionRef(s, titleOf(ctx, s.paperId));
  if (step.kind === 'reminder') {
    const key = reminderKey(s, step.mark);
    if (ctx.posts.has(key)) return;
    const users = await ctx.events.interested(s.guildId, s.eventId);
    const about = ref();
    const posts: NewClubPost[] = [];
    for (let i = 0; i < Math.max(1, users.length); i += MENTIONS_PER_MESSAGE) {
      const body: ReminderBody = { ...about, mark: step.mark, userIds: users.slice(i, i + MENTIONS_PER_MESSAGE) };
      posts.push({
        key: i === 0 ? key : `${key}#${i / MENTIONS_PER_MESSAGE + 1}`,
        guildId: s.guildId,
        channelId: s.threadId,
        kind: 'reminder',
        body,
      });
    }
    ctx.posts.addAll(posts);
    // Decided once: with no one interested, nothing is sent, and the members are not asked for again.
    if (users.length === 0) ctx.posts.skip(key, 'no one is interested');
    else await ctx.send(s.threadId);
    return;
  }
  // Discord may have got there first (an external event starts and ends on its own), or a moderator may have
  // cancelled the event: the session follows what the event is now.
  await followEvent(
    ctx,
    await ctx.events.setStatus(s.guildId, s.eventId, step.kind === 'start' ? 'active' : 'completed'),
  );
}

/** The session has started, whoever moved its event to active: "Starting now" is recorded once and sent. */
async function startSession(ctx: ClubContext, s: Session): Promise<void> {
  ctx.posts.add({
    key: `starting:${s.eventId}:${s.startsAt}`,
    guildId: s.guildId,
    channelId: s.threadId,
    kind: 'starting',
    body: sessionRef(s, titleOf(ctx, s.paperId)),
  });
  if (ctx.sessions.setStatus(s.eventId, 'active')) await ctx.send(s.threadId);
}

/**
 * Records a finished poll's winner once and posts it in the poll's channel: most poll votes, then server
 * votes, then Hugging Face upvotes. A poll nobody voted in ends without a post.
 */
export async function decidePoll(ctx: ClubContext, poll: ClubPoll, counts: ReadonlyMap<number, number>): Promise<void> {
  const serverVotes = ctx.votes.counts(poll.guildId, poll.paperIds);
  const tallies = poll.paperIds.map((paperId, i) => ({
    paperId,
    pollVotes: counts.get(i + 1) ?? 0,
    serverVotes: serverVotes.get(paperId) ?? 0,
    hfUpvotes: ctx.papers.get(paperId)?.hfUpvotes ?? 0,
  }));
  const winner = pollWinner(tallies);
  if (!ctx.polls.decide(poll.messageId, winner?.paperId ?? null) || !winner) return;
  const body: WinnerBody = {
    pollMessageId: poll.messageId,
    paperId: winner.paperId,
    title: titleOf(ctx, winner.paperId),
    pollVotes: winner.pollVotes,
    totalVotes: tallies.reduce((n, t) => n + t.pollVotes, 0),
  };
  ctx.posts.add({
    key: `winner:${poll.messageId}`,
    guildId: poll.guildId,
    channelId: poll.channelId,
    kind: 'winner',
    body,
  });
  await ctx.send(poll.channelId);
}

/** Every minute: each open session's due step, and the winners of polls Discord has finished. */
export async function runClub(ctx: ClubContext): Promise<void> {
  for (const s of ctx.sessions.open()) {
    try {
      await advanceSession(ctx, s);
    } catch (err) {
      ctx.log.warn({ err, guild: s.guildId, event: s.eventId }, 'could not move a reading session on');
    }
  }
  const now = ctx.now().getTime();
  for (const poll of ctx.polls.undecided()) {
    if (Date.parse(poll.endsAt) > now) continue;
    try {
      const results = await ctx.pollResults(poll.channelId, poll.messageId);
      if (!results) ctx.polls.decide(poll.messageId, null);
      else if (results.finalized) await decidePoll(ctx, poll, results.counts);
    } catch (err) {
      ctx.log.warn({ err, guild: poll.guildId, poll: poll.messageId }, 'could not read a finished poll');
    }
  }
}

/** A scheduled event as Discord has it now, or `gone` when it was deleted. */
export type EventState =
  | { id: string; status: 'scheduled' | 'active' | 'completed' | 'cancelled'; startsAt: string; endsAt: string | null }
  | { id: string; status: 'gone' };

/**
 * A session follows its event, whoever changed it (the bot, a moderator, or Discord on its own): a new time moves
 * it (and its reminders with it); an active event starts it; a completed event completes it; a cancelled event
 * cancels it. A deleted event cancels a session that has not started yet; one whose start has passed took place
 * (Discord removes finished events). Completed and cancelled sessions stay as they are.
 */
export async function followEvent(ctx: ClubContext, event: EventState): Promise<void> {
  const s = ctx.sessions.get(event.id);
  if (!s || (s.status !== 'scheduled' && s.status !== 'active')) return;
  const started = ctx.now().getTime() >= Date.parse(s.startsAt);
  const end =
    event.status === 'gone'
      ? started
        ? 'completed'
        : 'cancelled'
      : event.status === 'scheduled'
        ? null
        : event.status;
  if (end === 'cancelled' || end === 'completed') {
    if (ctx.sessions.setStatus(s.eventId, end) && end === 'cancelled')
      ctx.log.info({ guild: s.guildId, event: s.eventId }, 'a reading session was cancelled in Discord');
    return;
  }
  if (event.status === 'gone') return;
  const endsAt = event.endsAt ?? s.endsAt;
  if (event.startsAt !== s.startsAt || endsAt !== s.endsAt) ctx.sessions.move(s.eventId, event.startsAt, endsAt);
  if (end === 'active' && s.status === 'scheduled') await startSession(ctx, ctx.sessions.get(s.eventId)!);
}

/**
 * At start-up: sessions follow what happened to their events while the bot was away. Finished events are not
 * listed, so an open session whose event is missing from the list is read by id (completed, cancelled, or gone).
 */
export async function rereadEvents(ctx: ClubContext): Promise<void> {
  const byGuild = new Map<string, Session[]>();
  for (const s of ctx.sessions.open()) byGuild.set(s.guildId, [...(byGuild.get(s.guildId) ?? []), s]);
  for (const [guildId, sessions] of byGuild) {
    try {
      const events = new Map((await ctx.events.list(guildId)).map((e) => [e.id, e]));
      for (const s of sessions)
        await followEvent(ctx, events.get(s.eventId) ?? (await ctx.events.get(guildId, s.eventId)));
    } catch (err) {
      ctx.log.warn({ err, guild: guildId }, "could not re-read a server's scheduled events");
    }
  }
}

/** A poll's message changed (Discord finalised it, or a manager ended it): decide it if it is over. */
export async function pollMessageChanged(ctx: ClubContext, messageId: string): Promise<void> {
  const poll = ctx.polls.get(messageId);
  if (!poll || poll.winnerPaperId !== null) return;
  const results = await ctx.pollResults(poll.channelId, poll.messageId);
  if (results?.finalized) await decidePoll(ctx, poll, results.counts);
}
