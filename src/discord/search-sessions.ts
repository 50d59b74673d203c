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
 * the buttons say to search again.
 */
export function createSearchSessions(ttlMs = 60 * 60_000, max = 5_000, now: () => number = Date.now) {
  const sessions = new Map<string, SearchSession>();
  return {
    open(userId: string, guildId: string, request: SearchRequest): string {
      if (sessions.size >= max) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      const token = randomBytes(6).toString('hex');
      sessions.set(token, { userId, guildId, request, at: now() });
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
        sessions.delete(token);
        return null;
      }
      return s;
    },
  };
}

export type SearchSessions = ReturnType<typeof createSearchSessions>;
