/**
 * Who is connected to which voice or stage channel (a member is in at most one channel per guild), and since when
 * a channel has been empty: Discord ends an active event in a channel that stays empty (event-automation.ts).
 */
export class VoiceStates {
  /** `${guildId}:${userId}` -> channel id */
  readonly #channelOf = new Map<string, string>();
  /** channel id -> connected user ids */
  readonly #members = new Map<string, Set<string>>();
  /** channel id -> when its last member left */
  readonly #lastLeft = new Map<string, number>();

  channelOf(guildId: string, userId: string): string | null {
    return this.#channelOf.get(`${guildId}:${userId}`) ?? null;
  }

  members(channelId: string): string[] {
    return [...(this.#members.get(channelId) ?? [])];
  }

  /** Moves the member to `channelId` (null: disconnects); the channel they left, if any. */
  set(guildId: string, userId: string, channelId: string | null, now: number): string | null {
    const key = `${guildId}:${userId}`;
    const from = this.#channelOf.get(key) ?? null;
    if (from !== null) {
      const left = this.#members.get(from)!;
      left.delete(userId);
      if (left.size === 0) {
        this.#members.delete(from);
        this.#lastLeft.set(from, now);
      }
      this.#channelOf.delete(key);
    }
    if (channelId !== null) {
      this.#channelOf.set(key, channelId);
      this.#members.set(channelId, (this.#members.get(channelId) ?? new Set()).add(userId));
    }
    return from;
  }

  /** Null while someone is connected; else when the last one left (-Infinity: no one ever joined). */
  emptySince(channelId: string): number | null {
    if (this.#members.has(channelId)) return null;
    return this.#lastLeft.get(channelId) ?? -Infinity;
  }
}
