import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** The bot's first message in a discussion thread it opened: the paper's abstract, links and how to ask. */
export interface ThreadIntro {
  /** The thread's id: a thread is a channel, and the intro is posted in it. */
  channelId: string;
  guildId: string;
  paperId: string;
  nonce: string;
  attempts: number;
  attemptedAt: string | null;
}

interface IntroRow {
  thread_id: string;
  guild_id: string;
  paper_id: string;
  nonce: string;
  attempts: number;
  attempted_at: string | null;
}

export type ThreadIntroStore = ReturnType<typeof createThreadIntroStore>;

/** The thread introductions' exactly-once ledger (thread_intros): one intro per thread, ever. */
export function createThreadIntroStore(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(
    'INSERT INTO thread_intros (thread_id, guild_id, paper_id, nonce, created_at) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT DO NOTHING',
  );
  const pending = db.prepare<[string], IntroRow>(
    'SELECT thread_id, guild_id, paper_id, nonce, attempts, attempted_at FROM thread_intros ' +
      "WHERE state = 'pending' AND thread_id = ?",
  );
  const pendingThreads = db
    .prepare<[], string>("SELECT thread_id FROM thread_intros WHERE state = 'pending' ORDER BY created_at")
    .pluck();
  const guildOfThread = db.prepare<[string], string>('SELECT guild_id FROM thread_intros WHERE thread_id = ?').pluck();
  const attempt = db.prepare('UPDATE thread_intros SET attempts = attempts + 1, attempted_at = ? WHERE thread_id = ?');
  const sent = db.prepare(
    "UPDATE thread_intros SET state = 'sent', message_id = ?, error = NULL WHERE thread_id = ? AND state = 'pending'",
  );
  const failed = db.prepare(
    "UPDATE thread_intros SET state = 'failed', error = ? WHERE thread_id = ? AND state = 'pending'",
  );
  const failGuild = db.prepare(
    "UPDATE thread_intros SET state = 'failed', error = ? WHERE guild_id = ? AND state = 'pending'",
  );

  return {
    /**
     * Records the intro of a thread just opened, before it is sent. A thread already recorded (opened again,
     * found already created, resumed after a crash) keeps its one intro: returns false.
     */
    add: (threadId: string, guildId: string, paperId: string): boolean =>
      insert.run(threadId, guildId, paperId, randomBytes(8).toString('hex'), now().toISOString()).changes > 0,
    /** Threads whose intro is not sent yet, oldest first. */
    channelsWithPending: (): string[] => pendingThreads.all(),
    guildOf: (threadId: string): string | null => guildOfThread.get(threadId) ?? null,
    /** The thread's unsent intro: none or one. */
    pending: (threadId: string): ThreadIntro[] =>
      pending.all(threadId).map((r) => ({
        channelId: r.thread_id,
        guildId: r.guild_id,
        paperId: r.paper_id,
        nonce: r.nonce,
        attempts: r.attempts,
        attemptedAt: r.attempted_at,
      })),
    markAttempt: (threadId: string) => void attempt.run(now().toISOString(), threadId),
    markSent: (threadId: string, messageId: string) => void sent.run(messageId, threadId),
    markFailed: (threadId: string, error: string) => void failed.run(error, threadId),
    /** Stops a server's unsent intros (the bot left it). */
    stopGuild: (guildId: string, reason: string): number => failGuild.run(reason, guildId).changes,
  };
}
