/**
 * How many fetches of days not yet stored each server may start through its members' commands (a preview of
 * an old day): every such fetch waits in the one Hugging Face queue the daily deliveries use.
 */
export function createFetchQuota(now: () => Date, limit = 5, windowMs = 10 * 60_000) {
  const started = new Map<string, number[]>();
  return {
    limit,
    windowMs,
    /** Counts a fetch for `guildId` and returns null, or, when its quota is spent, when it may fetch again. */
    take(guildId: string): Date | null {
      const t = now().getTime();
      const recent = (started.get(guildId) ?? []).filter((at) => t - at < windowMs);
      started.set(guildId, recent);
      if (recent.length >= limit) return new Date(recent[0]! + windowMs);
      recent.push(t);
      return null;
    },
  };
}

export type FetchQuota = ReturnType<typeof createFetchQuota>;
