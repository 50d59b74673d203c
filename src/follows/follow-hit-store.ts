import type { Database } from 'better-sqlite3';

/** A paper a member's follow found, as listed in its notification. */
export interface FollowHit {
  paperId: string;
  /** The follow that found it. */
  query: string;
}

export type FollowHitStore = ReturnType<typeof createFollowHitStore>;

/** Which papers each member was notified of (follow_hits): a paper notifies a member once, ever. */
export function createFollowHitStore(db: Database) {
  const insert = db.prepare(
    'INSERT INTO follow_hits (guild_id, user_id, paper_id, query, message_id, position) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT DO NOTHING',
  );
  const known = db
    .prepare<[string, string, string], 1>(
      'SELECT 1 FROM follow_hits WHERE guild_id = ? AND user_id = ? AND paper_id = ?',
    )
    .pluck();
  const ofMessage = db.prepare<[number], { paperId: string; query: string }>(
    'SELECT paper_id AS paperId, query FROM follow_hits WHERE message_id = ? ORDER BY position',
  );
  return {
    /** Whether the member was already notified of the paper (by any follow, in any run). */
    has: (guildId: string, userId: string, paperId: string): boolean => known.get(guildId, userId, paperId) === 1,
    add: (guildId: string, userId: string, paperId: string, query: string, messageId: number, position: number) =>
      insert.run(guildId, userId, paperId, query, messageId, position).changes > 0,
    /** A notification's papers, in the order they are listed. */
    ofMessage: (messageId: number): FollowHit[] => ofMessage.all(messageId),
  };
}
