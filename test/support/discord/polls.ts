/**
 * Native polls (API v10): validation of the create request, the poll object Discord stores, votes with their
 * gateway events, and the end of a poll (finalized results, MESSAGE_UPDATE and the POLL_RESULT message).
 */
import { GatewayDispatchEvents, GatewayIntentBits, MessageType, PollLayoutType } from 'discord-api-types/v10';
import type { APIEmbed, APIMessage, APIPoll, APIPollAnswer, APIUser } from 'discord-api-types/v10';
import { announceEdit, storeNewMessage } from './context.ts';
import type { EmulatorContext } from './context.ts';
import { FormErrors, obj } from './limits.ts';
import type { MessageRecord } from './message-store.ts';
import { buildMessage } from './messages.ts';
import { compareSnowflakes } from './snowflake.ts';

export const POLL_LIMITS = {
  questionText: 300,
  answerText: 55,
  answers: 10,
  /** Hours; Discord allows up to 32 days. */
  maxDuration: 768,
  defaultDuration: 24,
  votersDefault: 25,
  votersMax: 100,
} as const;

/** Who voted for what, per poll message (answer id -> user ids). */
const votes = new WeakMap<MessageRecord, Map<number, Set<string>>>();

function votesOf(record: MessageRecord): Map<number, Set<string>> {
  let v = votes.get(record);
  if (!v) {
    v = new Map((record.message.poll?.answers ?? []).map((a) => [a.answer_id, new Set<string>()]));
    votes.set(record, v);
  }
  return v;
}

/** Checks `poll` of a create-message body; errors are nested under `poll` like Discord's 50035 answers. */
export function validatePoll(e: FormErrors, raw: unknown): void {
  const p = obj(raw);
  const question = obj(p.question);
  if (e.required(['poll', 'question', 'text'], question.text))
    e.maxLength(['poll', 'question', 'text'], question.text, POLL_LIMITS.questionText);
  const answers = Array.isArray(p.answers) ? (p.answers as unknown[]) : [];
  if (answers.length < 1 || answers.length > POLL_LIMITS.answers)
    e.add(['poll', 'answers'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${POLL_LIMITS.answers} in length.`);
  answers.forEach((a, i) => {
    const media = obj(obj(a).poll_media);
    const path = ['poll', 'answers', i, 'poll_media', 'text'];
    if (e.required(path, media.text)) e.maxLength(path, media.text, POLL_LIMITS.answerText);
  });
  if (p.duration !== undefined && p.duration !== null) {
    const d = p.duration;
    if (typeof d !== 'number' || !Number.isInteger(d))
      e.add(['poll', 'duration'], 'NUMBER_TYPE_COERCE', `Value ${JSON.stringify(d)} is not int.`);
    else if (d < 1) e.add(['poll', 'duration'], 'NUMBER_TYPE_MIN', 'int value should be greater than or equal to 1.');
    else if (d > POLL_LIMITS.maxDuration)
      e.add(
        ['poll', 'duration'],
        'NUMBER_TYPE_MAX',
        `int value should be less than or equal to ${POLL_LIMITS.maxDuration}.`,
      );
  }
  if (p.allow_multiselect !== undefined && p.allow_multiselect !== null && typeof p.allow_multiselect !== 'boolean')
    e.add(['poll', 'allow_multiselect'], 'BOOLEAN_TYPE_COERCE', 'Must be either true or false.');
  if (p.layout_type !== undefined && p.layout_type !== null && p.layout_type !== PollLayoutType.Default)
    e.add(
      ['poll', 'layout_type'],
      'ENUM_TYPE_COERCE',
      `Value ${JSON.stringify(p.layout_type)} is not a valid enum value.`,
    );
}

/** The poll object as Discord stores and returns it (answer ids from 1, expiry = now + duration hours). */
export function buildPoll(raw: unknown, now: number): APIPoll {
  const p = obj(raw);
  const hours = typeof p.duration === 'number' ? p.duration : POLL_LIMITS.defaultDuration;
  const answers: APIPollAnswer[] = (p.answers as unknown[]).map((a, i) => {
    const media = obj(obj(a).poll_media);
    const emoji = obj(media.emoji);
    const hasEmoji = typeof emoji.id === 'string' || typeof emoji.name === 'string';
    return {
      answer_id: i + 1,
      poll_media: {
        text: String(media.text),
        ...(hasEmoji
          ? {
              emoji: {
                id: typeof emoji.id === 'string' ? emoji.id : null,
                name: typeof emoji.name === 'string' ? emoji.name : '',
                ...(emoji.animated === true ? { animated: true } : {}),
              },
            }
          : {}),
      },
    };
  });
  return {
    question: { text: String(obj(p.question).text) },
    answers,
    expiry: new Date(now + hours * 3_600_000).toISOString(),
    allow_multiselect: p.allow_multiselect === true,
    layout_type: PollLayoutType.Default,
    results: { is_finalized: false, answer_counts: [] },
  };
}

/** Rewrites `poll.results` from the votes. Answers nobody voted for are left out, as Discord does. */
function recount(record: MessageRecord, meId: string): void {
  const poll = record.message.poll;
  if (!poll) return;
  const counts = [...votesOf(record)]
    .filter(([, users]) => users.size > 0)
    .map(([id, users]) => ({ id, count: users.size, me_voted: users.has(meId) }));
  poll.results = { is_finalized: poll.results?.is_finalized ?? false, answer_counts: counts };
}

function isOpen(record: MessageRecord, now: number): boolean {
  const poll = record.message.poll;
  if (!poll || poll.results?.is_finalized) return false;
  return poll.expiry === null || Date.parse(poll.expiry) > now;
}

function voteEvent(ctx: EmulatorContext, m: APIMessage, userId: string, answerId: number, add: boolean): void {
  const guildId = ctx.state.channels.get(m.channel_id)?.guildId;
  ctx.gateway.dispatch(
    add ? GatewayDispatchEvents.MessagePollVoteAdd : GatewayDispatchEvents.MessagePollVoteRemove,
    {
      user_id: userId,
      channel_id: m.channel_id,
      message_id: m.id,
      ...(guildId ? { guild_id: guildId } : {}),
      answer_id: answerId,
    },
    GatewayIntentBits.GuildMessagePolls,
  );
}

/**
 * A user's vote, as the client's PUT .../polls/:message/answers/@me sets it: `answerIds` replace the user's
 * earlier choice (REMOVE events for dropped answers, ADD events for new ones). A single-select poll takes one
 * answer; an ended poll takes none (Discord: 520001 Poll expired).
 */
export function setVote(ctx: EmulatorContext, record: MessageRecord, userId: string, answerIds: number[]): void {
  const poll = record.message.poll;
  if (!poll) throw new Error(`Message ${record.message.id} has no poll`);
  if (!isOpen(record, ctx.state.now())) throw new Error('Poll expired (520001)');
  const wanted = [...new Set(answerIds)];
  const table = votesOf(record);
  for (const id of wanted) if (!table.has(id)) throw new Error(`Poll ${record.message.id} has no answer ${id}`);
  if (!poll.allow_multiselect && wanted.length > 1)
    throw new Error('This poll allows one answer per user (allow_multiselect is false)');
  for (const [id, users] of table) {
    if (users.has(userId) && !wanted.includes(id)) {
      users.delete(userId);
      recount(record, ctx.state.bot.id);
      voteEvent(ctx, record.message, userId, id, false);
    }
  }
  for (const id of wanted) {
    const users = table.get(id)!;
    if (users.has(userId)) continue;
    users.add(userId);
    recount(record, ctx.state.bot.id);
    voteEvent(ctx, record.message, userId, id, true);
  }
}

/** Removes a user's votes for `answerIds` (default: all of them). */
export function removeVote(ctx: EmulatorContext, record: MessageRecord, userId: string, answerIds?: number[]): void {
  const keep = [...votesOf(record)]
    .filter(([id, users]) => users.has(userId) && answerIds !== undefined && !answerIds.includes(id))
    .map(([id]) => id);
  setVote(ctx, record, userId, keep);
}

/** Users who voted for an answer, ordered by id, after `after`, at most `limit`. */
export function answerVoters(
  ctx: EmulatorContext,
  record: MessageRecord,
  answerId: number,
  after: string | undefined,
  limit: number,
): APIUser[] {
  const users = [...(votesOf(record).get(answerId) ?? [])].sort(compareSnowflakes);
  return users
    .filter((id) => after === undefined || compareSnowflakes(id, after) > 0)
    .slice(0, limit)
    .map((id) => ctx.state.users.get(id))
    .filter((u): u is APIUser => u !== undefined);
}

function resultEmbed(poll: APIPoll, record: MessageRecord): APIEmbed {
  const counts = [...votesOf(record)].map(([id, users]) => ({ id, count: users.size }));
  const total = counts.reduce((n, c) => n + c.count, 0);
  const top = Math.max(0, ...counts.map((c) => c.count));
  const leaders = counts.filter((c) => c.count === top);
  const field = (name: string, value: string) => ({ name, value, inline: false });
  const fields = [
    field('poll_question_text', poll.question.text ?? ''),
    field('victor_answer_votes', String(top)),
    field('total_votes', String(total)),
  ];
  // A single winner only: with a tie or no votes the victor_answer_* fields are absent.
  if (top > 0 && leaders.length === 1) {
    const answer = poll.answers.find((a) => a.answer_id === leaders[0]!.id)!;
    fields.push(field('victor_answer_id', String(answer.answer_id)));
    fields.push(field('victor_answer_text', answer.poll_media.text ?? ''));
    const emoji = answer.poll_media.emoji;
    if (emoji?.id) fields.push(field('victor_answer_emoji_id', emoji.id));
    if (emoji?.name) fields.push(field('victor_answer_emoji_name', emoji.name));
    if (emoji?.id) fields.push(field('victor_answer_emoji_animated', String(emoji.animated === true)));
  }
  return { type: 'poll_result' as APIEmbed['type'], fields };
}

/**
 * Ends a poll: results finalized, MESSAGE_UPDATE for the poll, then the POLL_RESULT system message (type 46)
 * from the poll's author, replying to the poll, with the `poll_result` embed (MESSAGE_CREATE).
 */
export function endPoll(ctx: EmulatorContext, record: MessageRecord, endedEarlyAt?: number): MessageRecord {
  const poll = record.message.poll!;
  recount(record, ctx.state.bot.id);
  poll.results = { ...poll.results!, is_finalized: true };
  if (endedEarlyAt !== undefined) poll.expiry = new Date(endedEarlyAt).toISOString();
  announceEdit(ctx, record);
  const m = record.message;
  const guildId = ctx.state.channels.get(m.channel_id)?.guildId ?? null;
  const result = buildMessage({
    ids: ctx.state.ids,
    baseUrl: ctx.baseUrl,
    channelId: m.channel_id,
    guildId,
    author: m.author,
    body: { embeds: [resultEmbed(poll, record)], message_reference: { message_id: m.id, channel_id: m.channel_id } },
    files: [],
    type: MessageType.PollResult,
  });
  return storeNewMessage(ctx, result);
}

/** Ends every open poll whose expiry is at or before `at`; returns the poll message ids ended. */
export function expireDuePolls(ctx: EmulatorContext, at: number): string[] {
  const ended: string[] = [];
  for (const channelId of [...ctx.state.channels.keys()]) {
    for (const record of ctx.state.messages.list(channelId)) {
      const poll = record.message.poll;
      if (!poll || poll.results?.is_finalized || poll.expiry === null || Date.parse(poll.expiry) > at) continue;
      endPoll(ctx, record);
      ended.push(record.message.id);
    }
  }
  return ended;
}
