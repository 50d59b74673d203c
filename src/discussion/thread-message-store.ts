import type { Database } from 'better-sqlite3';

/** A paper and how many members' messages its discussion threads got in a period. */
export interface Discussed {
  paperId: string;
  messages: number;
}

export interface ThreadMessage {
  messageId: string;
  guildId: string;
  threadId: string;
  paperId: string;
  /** When the message was written (its Discord timestamp). */
  createdAt: Date;
}

export type ThreadMessageStore = ReturnType<typeof createThreadMessageStore>;

/**
 * Members' messages in papers' discussion threads (thread_messages): only that a message was written, where and
 * when, never its content. A message is counted once however often it arrives; a deleted one is taken back.
 */
export function createThreadMessageStore(db: Database) {
  const insert = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO thread_messages (message_id, guild_id, thread_id, paper_id, created_at) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT DO NOTHING',
  );
  const remove = db.prepare<[string]>('DELETE FROM thread_messages WHERE message_id = ?');
  // Ties go to the paper whose latest message is newest, then to the id, so the order is stable.
  const top = db.prepare<[string, string, string, number], { paper_id: string; n: number }>(`
    SELECT paper_id, count(*) AS n FROM thread_messages
    WHERE guild_id = ? AND created_at >= ? AND created_at < ?
    GROUP BY paper_id ORDER BY n DESC, max(created_at) DESC, paper_id LIMIT ?
  `);

  return {
    /** Records a message; one already recorded stays as it is. Returns whether it was new. */
    add: (m: ThreadMessage): boolean =>
      insert.run(m.messageId, m.guildId, m.threadId, m.paperId, m.createdAt.toISOString()).changes > 0,
    /** Takes a deleted message back. Returns whether it had been counted. */
    remove: (messageId: string): boolean => remove.run(messageId).changes > 0,
    /**
     * A server's most discussed papers: messages written from `since` (null: ever) and before `until` (default:
     * no end), most first.
     */
    top(guildId: string, opts: { since: string | null; until?: string; limit: number }): Discussed[] {
      const until = opts.until ?? '9999-12-31T23:59:59.999Z';
      return top.all(guildId, opts.since ?? '', until, opts.limit).map((r) => ({ paperId: r.paper_id, messages: r.n }));
    },
  };
}
