import { Routes, type APIMessage, type REST, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Logger } from '../log/logger.ts';
import { classifySendError, type SendFailure } from './send-error.ts';

/** A message the bot posts on its own, recorded in a ledger before it is sent. */
export interface OutboxItem {
  guildId: string;
  channelId: string;
  nonce: string;
  attempts: number;
  attemptedAt: string | null;
}

/**
 * One table of messages to send exactly once (daily posts, weekly digests, …). The outbox decides when
 * and how to send; the ledger records it and says what a failure means for its own rows.
 */
export interface Ledger<T extends OutboxItem> {
  /** For logs. */
  name: string;
  /** Channels with work left: unsent items, or follow-up work such as a thread a crash left unopened. */
  channelsWithWork(): string[];
  /** Follow-up work on items already sent (a crash between the send and the follow-up). */
  resumeFollowUps?(channelId: string): Promise<void>;
  /** The server a channel with items belongs to, for logs (when an item cannot even be read). */
  guildOf?(channelId: string): string | null;
  /**
   * Unsent items of a channel, in the order they must appear. Read again right before each send: an item a stop
   * took out of it since (unsubscribed, the bot left the server, a session cancelled) is not sent.
   */
  pending(channelId: string): T[];
  /**
   * The message body. Should not throw; if it does, the item is given up at once as refused (it would only
   * fail again), and the channel's later items go out with the next send instead of waiting behind it.
   */
  render(item: T): RESTPostAPIChannelMessageJSONBody;
  /** Whether a message found in the channel is this item's (after Discord forgot the nonce). */
  isMessageOf(item: T, message: APIMessage): boolean;
  markAttempt(item: T): void;
  /**
   * `stopped`: the item was stopped while its send was in flight. The message exists, but nothing may follow
   * from it (a thread, a poll's result).
   */
  markSent(item: T, messageId: string, stopped: boolean): Promise<void> | void;
  /**
   * `gaveUp`: the outbox will not try this item again. Not called for an item stopped while its send was in
   * flight: the stop has decided what becomes of it, and its server may be gone (no note to its log channel).
   */
  markFailed(item: T, failure: SendFailure, gaveUp: boolean): Promise<void> | void;
}

export interface OutboxContext {
  rest: REST;
  log: Logger;
  now: () => Date;
  botUserId: () => string;
}

/** Discord only deduplicates a nonce for a few minutes; past that, look for the message instead. */
const NONCE_WINDOW_MS = 2 * 60_000;
const MAX_ATTEMPTS = 6;

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * Sends everything the bot posts on its own, exactly once: each item is recorded before it is sent, sent
 * with a nonce and `enforce_nonce`, marked with its message id, retried with backoff, and looked for in
 * the channel when Discord no longer remembers the nonce. A channel's items go one at a time and in order, and
 * each is read again right before it is sent, so a stop holds from the next request on.
 */
export function createOutbox(ctx: OutboxContext, ledgers: readonly Ledger<OutboxItem>[]) {
  const queues = new Map<string, Promise<void>>();

  /** Sends a channel's pending items; calls for the same channel queue behind each other. */
  function send(channelId: string): Promise<void> {
    const previous = queues.get(channelId) ?? Promise.resolve();
    const run = previous.then(() => drain(channelId));
    const tail = run.catch(() => undefined);
    queues.set(channelId, tail);
    void tail.then(() => {
      if (queues.get(channelId) === tail) queues.delete(channelId);
    });
    return run;
  }

  async function drain(channelId: string): Promise<void> {
    for (const ledger of ledgers) {
      try {
        await ledger.resumeFollowUps?.(channelId);
        for (const item of ledger.pending(channelId)) {
          if (item.attempts > 0 && !retryDue(item, ctx.now())) break;
          // Keep order: a ledger's later items in this channel wait for this one.
          if (!(await sendItem(ledger, item))) break;
        }
      } catch (err) {
        // A row that cannot be read or recorded stops this channel's items of this ledger, nothing else.
        let guild: string | null = null;
        try {
          guild = ledger.guildOf?.(channelId) ?? null;
        } catch {
          // Only for the log line.
        }
        ctx.log.error({ err, ledger: ledger.name, guild, channel: channelId }, 'sending to a channel failed');
      }
    }
  }

  /**
   * Whether the item is still unsent and wanted. A channel's items are read once, but each takes a request: a
   * stop in between must hold for the next request, so that "at once" means at most the one already in flight.
   */
  const stillPending = <T extends OutboxItem>(ledger: Ledger<T>, item: T): boolean =>
    ledger.pending(item.channelId).some((p) => p.nonce === item.nonce);

  /** Whether the channel's later items of this ledger may go now. */
  async function sendItem<T extends OutboxItem>(ledger: Ledger<T>, item: T): Promise<boolean> {
    if (!stillPending(ledger, item)) return true;
    try {
      const expired = item.attemptedAt && ctx.now().getTime() - Date.parse(item.attemptedAt) > NONCE_WINDOW_MS;
      let messageId = expired ? await findSent(ledger, item) : null;
      if (!messageId) {
        if (expired && !stillPending(ledger, item)) return true;
        let body: RESTPostAPIChannelMessageJSONBody;
        try {
          body = ledger.render(item);
        } catch (err) {
          await giveUpUnrenderable(ledger, item, err);
          return false;
        }
        ledger.markAttempt(item);
        const message = (await ctx.rest.post(Routes.channelMessages(item.channelId), {
          body: { ...body, nonce: item.nonce, enforce_nonce: true },
        })) as APIMessage;
        messageId = message.id;
      }
      await ledger.markSent(item, messageId, !stillPending(ledger, item));
      return true;
    } catch (err) {
      const failure = classifySendError(err);
      const stopped = !stillPending(ledger, item);
      ctx.log.warn(
        { ledger: ledger.name, guild: item.guildId, channel: item.channelId, reason: failure.reason, stopped },
        'could not post to a channel',
      );
      if (stopped) return true;
      const gaveUp = failure.kind !== 'unknown' || item.attempts + 1 >= MAX_ATTEMPTS;
      await ledger.markFailed(item, failure, gaveUp);
      return false;
    }
  }

  /**
   * Not a Discord failure: rendering the same item again would fail again, so it is refused at once, which
   * frees the channel (a refused daily post frees its papers) instead of retrying it for half an hour.
   */
  async function giveUpUnrenderable<T extends OutboxItem>(ledger: Ledger<T>, item: T, err: unknown): Promise<void> {
    // The reason reaches the server's log channel, so it names no internal error; the log has the error.
    ctx.log.error(
      { err, ledger: ledger.name, guild: item.guildId, channel: item.channelId },
      'could not render a message; gave it up',
    );
    await ledger.markFailed(
      item,
      { kind: 'refused', reason: 'the message could not be built from the stored paper' },
      true,
    );
  }

  async function findSent<T extends OutboxItem>(ledger: Ledger<T>, item: T): Promise<string | null> {
    const recent = (await ctx.rest.get(Routes.channelMessages(item.channelId), {
      query: new URLSearchParams({ limit: '50' }),
    })) as APIMessage[];
    const mine = recent.find((m) => m.author.id === ctx.botUserId() && ledger.isMessageOf(item, m));
    return mine?.id ?? null;
  }

  return {
    send,
    /** Items recorded but not confirmed sent: after a crash, an outage or a failed request. */
    async resume(): Promise<void> {
      const channels = new Set(ledgers.flatMap((l) => l.channelsWithWork()));
      await Promise.all(
        [...channels].map((c) =>
          send(c).catch((err: unknown) => ctx.log.error({ err, channel: c }, 'resuming posts failed')),
        ),
      );
    },
  };
}

function retryDue(item: OutboxItem, now: Date): boolean {
  if (!item.attemptedAt) return true;
  // Resumed right after a crash: the same nonce is safe. Repeated failures back off: 1, 2, 4… minutes.
  const waited = now.getTime() - Date.parse(item.attemptedAt);
  return item.attempts <= 1 || waited >= 60_000 * 2 ** Math.min(item.attempts - 2, 6);
}
