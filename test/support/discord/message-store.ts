/** Messages per channel (ordered by id), ephemeral messages, reactions and the nonce index. */
import type { APIMessage, APIPartialEmoji, APIReaction } from 'discord-api-types/v10';
import { compareSnowflakes } from './snowflake.ts';

export interface ReactionState {
  emoji: APIPartialEmoji;
  users: Set<string>;
  burstUsers: Set<string>;
}

export interface MessageRecord {
  message: APIMessage;
  ephemeral: boolean;
  reactions: Map<string, ReactionState>;
}

/** How long Discord remembers a nonce for enforce_nonce (docs: "the past few minutes"). */
export const NONCE_WINDOW_MS = 2 * 60_000;

export function emojiKey(emoji: { id?: string | null; name?: string | null }): string {
  return emoji.id ? `${emoji.name ?? '_'}:${emoji.id}` : (emoji.name ?? '');
}

/** Parses a reaction path segment: '👍' or 'name:123' (custom). */
export function parseEmoji(segment: string): APIPartialEmoji {
  const custom = /^(?:a:)?([\w~-]+):(\d{17,20})$/.exec(segment);
  if (custom) return { id: custom[2]!, name: custom[1]!, ...(segment.startsWith('a:') ? { animated: true } : {}) };
  return { id: null, name: segment };
}

export class MessageStore {
  readonly #byId = new Map<string, MessageRecord>();
  /** Sorted message ids per channel (non-ephemeral only). */
  readonly #order = new Map<string, string[]>();
  /** channelId + '\0' + authorId + '\0' + nonce -> message id, with creation time. */
  readonly #nonces = new Map<string, { id: string; at: number }>();

  add(message: APIMessage, ephemeral = false): MessageRecord {
    const record: MessageRecord = { message, ephemeral, reactions: new Map() };
    this.#byId.set(message.id, record);
    if (!ephemeral) {
      const ids = this.#order.get(message.channel_id) ?? [];
      this.#order.set(message.channel_id, ids);
      const last = ids[ids.length - 1];
      if (last === undefined || compareSnowflakes(message.id, last) > 0) ids.push(message.id);
      else ids.splice(this.#lowerBound(ids, message.id), 0, message.id);
    }
    return record;
  }

  get(id: string): MessageRecord | undefined {
    return this.#byId.get(id);
  }

  /** A non-ephemeral message of that channel. */
  inChannel(channelId: string, id: string): MessageRecord | undefined {
    const r = this.#byId.get(id);
    return r && !r.ephemeral && r.message.channel_id === channelId ? r : undefined;
  }

  delete(id: string): MessageRecord | undefined {
    const r = this.#byId.get(id);
    if (!r) return undefined;
    this.#byId.delete(id);
    const ids = this.#order.get(r.message.channel_id);
    if (ids && !r.ephemeral) {
      const i = this.#lowerBound(ids, id);
      if (ids[i] === id) ids.splice(i, 1);
    }
    return r;
  }

  dropChannel(channelId: string): void {
    for (const id of this.#order.get(channelId) ?? []) this.#byId.delete(id);
    this.#order.delete(channelId);
  }

  /** Oldest first. */
  list(channelId: string): MessageRecord[] {
    return (this.#order.get(channelId) ?? []).map((id) => this.#byId.get(id)!);
  }

  /** Discord's GET /channels/:id/messages semantics; newest first. */
  query(channelId: string, opts: { limit: number; before?: string; after?: string; around?: string }): MessageRecord[] {
    const ids = this.#order.get(channelId) ?? [];
    let slice: string[];
    if (opts.after) {
      const start = this.#upperBound(ids, opts.after);
      slice = ids.slice(start, start + opts.limit);
    } else if (opts.around) {
      const mid = this.#lowerBound(ids, opts.around);
      const half = Math.floor(opts.limit / 2);
      slice = ids.slice(Math.max(0, mid - half), Math.max(0, mid - half) + opts.limit);
    } else {
      const end = opts.before ? this.#lowerBound(ids, opts.before) : ids.length;
      slice = ids.slice(Math.max(0, end - opts.limit), end);
    }
    return slice.reverse().map((id) => this.#byId.get(id)!);
  }

  findByNonce(channelId: string, authorId: string, nonce: string, now: number): MessageRecord | undefined {
    const hit = this.#nonces.get(`${channelId}\0${authorId}\0${nonce}`);
    if (!hit || now - hit.at > NONCE_WINDOW_MS) return undefined;
    return this.#byId.get(hit.id);
  }

  rememberNonce(channelId: string, authorId: string, nonce: string, id: string, now: number): void {
    this.#nonces.set(`${channelId}\0${authorId}\0${nonce}`, { id, at: now });
  }

  /** The message as the API returns it, with reactions as seen by `meId`. */
  render(record: MessageRecord, meId: string): APIMessage {
    if (record.reactions.size === 0) return record.message;
    const reactions: APIReaction[] = [];
    for (const r of record.reactions.values()) {
      const normal = r.users.size;
      const burst = r.burstUsers.size;
      if (normal + burst === 0) continue;
      reactions.push({
        emoji: r.emoji,
        count: normal + burst,
        count_details: { normal, burst },
        me: r.users.has(meId),
        me_burst: r.burstUsers.has(meId),
        burst_colors: [],
      });
    }
    return reactions.length ? { ...record.message, reactions } : record.message;
  }

  #lowerBound(ids: string[], id: string): number {
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareSnowflakes(ids[mid]!, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #upperBound(ids: string[], id: string): number {
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareSnowflakes(ids[mid]!, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
