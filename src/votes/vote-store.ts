import type { Database } from 'better-sqlite3';
import { normaliseEmoji } from './vote-emoji.ts';
import { createVoteQueries } from './vote-queries.ts';

export type VoteSource = 'button' | 'reaction';

export interface ToggleResult {
  /** Whether the member now holds a button vote. */
  voted: boolean;
  /** Whether the member is counted at all now (a button vote or a counted reaction). */
  counted: boolean;
  /** The paper's count in the server after the toggle. */
  count: number;
}

export interface ReactionResult {
  /** Whether the paper's count changed: the member went from no vote to a vote, or back. */
  changed: boolean;
  count: number;
}

export type VoteStore = ReturnType<typeof createVoteStore>;

/**
 * Server votes. A member holds at most one row per paper, server and way of voting (button, reaction);
 * a paper's count in a server is the number of distinct members with a row, computed from the rows on
 * every read, so it cannot drift. Every statement is scoped by guild id and takes bound parameters.
 *
 * Writes run in IMMEDIATE transactions: the write lock is taken up front, so a toggle is atomic even
 * against another connection to the same file (the CLI), and better-sqlite3 is synchronous, so within
 * the bot no two toggles interleave. Votes reference `papers`: voting for an unknown paper throws.
 */
export function createVoteStore(db: Database, now: () => Date = () => new Date()) {
  const countOne = db
    .prepare<[string, string], number>('SELECT count(DISTINCT user_id) FROM votes WHERE guild_id = ? AND paper_id = ?')
    .pluck();
  // The ids arrive as one JSON array parameter, so the statement is prepared once for any number of them.
  const countMany = db.prepare<[string, string], { paper_id: string; n: number }>(`
    SELECT paper_id, count(DISTINCT user_id) AS n FROM votes
    WHERE guild_id = ? AND paper_id IN (SELECT value FROM json_each(?)) GROUP BY paper_id
  `);
  const holds = db
    .prepare<[string, string, string], 1>(
      'SELECT 1 FROM votes WHERE guild_id = ? AND paper_id = ? AND user_id = ? LIMIT 1',
    )
    .pluck();
  // A member who already holds a vote of the other kind keeps its time: their vote began then, and
  // period queries (this week's top) see one vote with one time.
  const insertVote = db.prepare<
    [{ guildId: string; paperId: string; userId: string; source: VoteSource; at: string }]
  >(`
    INSERT INTO votes (guild_id, paper_id, user_id, source, voted_at)
    VALUES (@guildId, @paperId, @userId, @source, coalesce(
      (SELECT min(voted_at) FROM votes WHERE guild_id = @guildId AND paper_id = @paperId AND user_id = @userId), @at))
    ON CONFLICT DO NOTHING
  `);
  const deleteVote = db.prepare<[string, string, string, VoteSource]>(
    'DELETE FROM votes WHERE guild_id = ? AND paper_id = ? AND user_id = ? AND source = ?',
  );
  const insertReaction = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO vote_reactions (guild_id, message_id, paper_id, user_id, emoji) VALUES (?, ?, ?, ?, ?) ON ' +
      'CONFLICT DO NOTHING',
  );
  const deleteReaction = db
    .prepare<[string, string, string, string], string>(
      'DELETE FROM vote_reactions WHERE guild_id = ? AND message_id = ? AND user_id = ? AND emoji = ? RETURNING ' +
        'paper_id',
    )
    .pluck();
  const reactionsLeft = db
    .prepare<[string, string, string], 1>(
      'SELECT 1 FROM vote_reactions WHERE guild_id = ? AND paper_id = ? AND user_id = ? LIMIT 1',
    )
    .pluck();

  const count = (guildId: string, paperId: string): number => countOne.get(guildId, paperId) ?? 0;
  const hasVoted = (guildId: string, paperId: string, userId: string): boolean =>
    holds.get(guildId, paperId, userId) === 1;

  const toggle = db.transaction((guildId: string, paperId: string, userId: string): ToggleResult => {
    const removed = deleteVote.run(guildId, paperId, userId, 'button').changes > 0;
    if (!removed) insertVote.run({ guildId, paperId, userId, source: 'button', at: now().toISOString() });
    return { voted: !removed, counted: hasVoted(guildId, paperId, userId), count: count(guildId, paperId) };
  });

  const react = db.transaction(
    (guildId: string, messageId: string, paperId: string, userId: string, emoji: string): ReactionResult => {
      const before = hasVoted(guildId, paperId, userId);
      insertReaction.run(guildId, messageId, paperId, userId, normaliseEmoji(emoji));
      insertVote.run({ guildId, paperId, userId, source: 'reaction', at: now().toISOString() });
      return { changed: !before, count: count(guildId, paperId) };
    },
  );

  const unreact = db.transaction(
    (
      guildId: string,
      messageId: string,
      userId: string,
      emoji: string,
    ): (ReactionResult & { paperId: string }) | null => {
      const paperId = deleteReaction.get(guildId, messageId, userId, normaliseEmoji(emoji));
      if (paperId === undefined) return null;
      let changed = false;
      // The same paper may be posted in several channels: any counted reaction left on any of them keeps the vote.
      if (reactionsLeft.get(guildId, paperId, userId) !== 1) {
        deleteVote.run(guildId, paperId, userId, 'reaction');
        changed = !hasVoted(guildId, paperId, userId);
      }
      return { paperId, changed, count: count(guildId, paperId) };
    },
  );

  return {
    /** Adds the member's button vote, or takes it away if they had one. Returns their state and the new count. */
    toggleButtonVote: (guildId: string, paperId: string, userId: string): ToggleResult =>
      toggle.immediate(guildId, paperId, userId),
    /**
     * Records a counted reaction (the caller checks the emoji is a vote emoji) on a message showing `paperId`,
     * and makes sure the member holds a reaction vote. A repeated event changes nothing.
     */
    addReaction: (guildId: string, messageId: string, paperId: string, userId: string, emoji: string): ReactionResult =>
      react.immediate(guildId, messageId, paperId, userId, emoji),
    /**
     * Forgets a counted reaction; when it was the member's last one on that paper in the server, their
     * reaction vote goes too (a button vote stays). Null when the reaction was never recorded.
     */
    removeReaction: (
      guildId: string,
      messageId: string,
      userId: string,
      emoji: string,
    ): (ReactionResult & { paperId: string }) | null => unreact.immediate(guildId, messageId, userId, emoji),
    /** Distinct members holding a vote for the paper in the server. */
    count,
    /** count() for many papers at once; every id asked for is in the map, 0 when unvoted. */
    counts(guildId: string, paperIds: readonly string[]): Map<string, number> {
      const result = new Map<string, number>(paperIds.map((id) => [id, 0]));
      if (paperIds.length === 0) return result;
      for (const r of countMany.all(guildId, JSON.stringify(paperIds))) result.set(r.paper_id, r.n);
      return result;
    },
    /** Whether the member holds a vote of either kind for the paper in the server. */
    hasVoted,
    ...createVoteQueries(db, now),
  };
}
