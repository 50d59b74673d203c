import type { ThreadMessageStore } from './thread-message-store.ts';

/** What the gateway tells of a new message, without its content (the bot has no Message Content intent). */
export interface SeenMessage {
  id: string;
  guildId: string | null;
  channelId: string;
  /** Null when the message arrived partial, without its author. */
  authorIsBot: boolean | null;
  /** A system message: a member joined the thread, a pin, a thread renamed… */
  system: boolean | null;
  createdTimestamp: number;
}

export interface CountContext {
  messages: ThreadMessageStore;
  /** The paper whose discussion thread `threadId` is, or null. */
  paperOfThread: (threadId: string) => string | null;
}

/**
 * Counts a message when a member wrote it in a paper's discussion thread. Messages of bots (this one or any
 * other), system messages, messages outside papers' threads and ones whose author is unknown are not counted.
 * Returns whether the message is counted now.
 */
export function countMessage(ctx: CountContext, m: SeenMessage): boolean {
  if (!m.guildId || m.authorIsBot !== false || m.system !== false) return false;
  const paperId = ctx.paperOfThread(m.channelId);
  if (!paperId) return false;
  ctx.messages.add({
    messageId: m.id,
    guildId: m.guildId,
    threadId: m.channelId,
    paperId,
    createdAt: new Date(m.createdTimestamp),
  });
  return true;
}

/** A message was deleted: it no longer counts. Returns whether it had been counted. */
export function uncountMessage(ctx: CountContext, messageId: string): boolean {
  return ctx.messages.remove(messageId);
}
