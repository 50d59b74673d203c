import { randomBytes } from 'node:crypto';
import type { SearchRequest } from '../search/types.ts';

export interface SearchSession {
  userId: string;
  guildId: string;
  request: SearchRequest;
  at: number;
}

/**
 * Searches by a short token, so Prev/Next buttons can page a query far longer than a custom_id's 100
 * characters. Kept in memory for an hour (an interaction's own token lives 15 minutes); after a restart
 * the buttons say to search again. At most `perMember` sessions a member (their oldest goes first) and
 * `max` in all, so one member searching in a loop cannot push out everyone else's Prev/Next.
 */
export function createSearchSessions(ttlMs = 60 * 60_000, max = 5_000, now: () => number = Date.now, perMember = 20) {
  const sessions = new Map<string, SearchSession>();
  /** Each member's tokens, oldest first. */
  const byMember = new Map<string, string[]>();
  const drop = (token: string) => {
    const s = sessions.get(token);
    if (!s) return;
    sessions.delete(token);
    const mine = byMember.get(s.userId);
    const at = mine?.indexOf(token) ?? -1;
    if (mine && at >= 0) mine.splice(at, 1);
    if (mine?.length === 0) byMember.delete(s.userId);
  };
  return {
    open(userId: string, guildId: string, request: SearchRequest): string {
      const mine = byMember.get(userId) ?? [];
      while (mine.length >= perMember) drop(mine[0]!);
      if (sessions.size >= max) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) drop(oldest);
      }
      const token = randomBytes(6).toString('hex');
      sessions.set(token, { userId, guildId, request, at: now() });
      byMember.set(userId, [...(byMember.get(userId) ?? []), token]);
      return token;
    },
    /** Remembers the page a session is on, so the next Prev/Next starts from it. */
    update(token: string, request: SearchRequest): void {
      const s = sessions.get(token);
      if (s) s.request = request;
    },
    get(token: string): SearchSession | null {
      const s = sessions.get(token);
      if (!s) return null;
      if (now() - s.at > ttlMs) {
        drop(token);
        return null;
      }
      return s;
    },
  };
}

export type SearchSessions = ReturnType<typeof createSearchSessions>;
