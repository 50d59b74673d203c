import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';

export type PostKind = 'paper' | 'digest' | 'note';
export type PostState = 'pending' | 'sent' | 'failed';

export interface PlannedPost {
  kind: PostKind;
  paperIds: string[];
  mentionRoleId: string | null;
  wantThread: boolean;
}

export interface Post {
  id: number;
  channelId: string;
  guildId: string;
  day: string;
  kind: PostKind;
  nonce: string;
  mentionRoleId: string | null;
  wantThread: boolean;
  state: PostState;
  attempts: number;
  attemptedAt: string | null;
  messageId: string | null;
  threadId: string | null;
  paperIds: string[];
}

interface PostRow {
  id: number;
  channel_id: string;
  guild_id: string;
  day: string;
  kind: PostKind;
  nonce: string;
  mention_role_id: string | null;
  want_thread: number;
  state: PostState;
  attempts: number;
  attempted_at: string | null;
  message_id: string | null;
  thread_id: string | null;
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;

/** The exactly-once ledger: posts are written here before they are sent, and marked once Discord has them. */
export function createDeliveryStore(db: Database, now: () => Date = () => new Date()) {
  const insertPost = db.prepare(`
    INSERT INTO posts (channel_id, guild_id, day, kind, nonce, mention_role_id, want_thread, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  `);
  const insertDelivery = db.prepare(
    'INSERT INTO deliveries (channel_id, paper_id, post_id, position, guild_id, day) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const delivered = db
    .prepare<[string, string], 1>('SELECT 1 FROM deliveries WHERE channel_id = ? AND paper_id = ?')
    .pluck();
  const countDay = db
    .prepare<[string, string], number>('SELECT count(*) FROM deliveries WHERE channel_id = ? AND day = ?')
    .pluck();
  const postPapers = db
    .prepare<[number], string>('SELECT paper_id FROM deliveries WHERE post_id = ? ORDER BY position')
    .pluck();
  const pendingOf = db.prepare<[string], PostRow>(
    "SELECT * FROM posts WHERE state = 'pending' AND channel_id = ? ORDER BY id",
  );
  // A crash can also fall between sending a post and opening its thread: those channels need work too.
  const pendingChannels = db
    .prepare<[], string>(
      `
      SELECT channel_id FROM posts WHERE state = 'pending'
      UNION SELECT channel_id FROM posts WHERE state = 'sent' AND want_thread = 1 AND thread_id IS NULL
    `,
    )
    .pluck();
  const guildOfChannel = db
    .prepare<[string], string>('SELECT guild_id FROM posts WHERE channel_id = ? LIMIT 1')
    .pluck();
  const byId = db.prepare<[number], PostRow>('SELECT * FROM posts WHERE id = ?');
  const byMessage = db.prepare<[string], PostRow>('SELECT * FROM posts WHERE message_id = ?');
  const byPaper = db.prepare<[string, string], PostRow>(`
    SELECT p.* FROM deliveries d JOIN posts p ON p.id = d.post_id WHERE d.channel_id = ? AND d.paper_id = ?
  `);
  const attempt = db.prepare('UPDATE posts SET attempts = attempts + 1, attempted_at = ? WHERE id = ?');
  const sent = db.prepare("UPDATE posts SET state = 'sent', message_id = ?, sent_at = ?, error = NULL WHERE id = ?");
  // A post stopped while its send was in flight went out, but its thread is skipped like its channel's others.
  const sentStopped = db.prepare(
    "UPDATE posts SET state = 'sent', message_id = ?, sent_at = ?, error = NULL, thread_id = " +
      "CASE WHEN want_thread = 1 AND thread_id IS NULL THEN '' ELSE thread_id END WHERE id = ?",
  );
  const failed = db.prepare("UPDATE posts SET state = 'failed', error = ? WHERE id = ?");
  const failChannel = db.prepare(
    "UPDATE posts SET state = 'failed', error = ? WHERE channel_id = ? AND state = 'pending'",
  );
  const threadless = db.prepare<[string], PostRow>(
    "SELECT * FROM posts WHERE channel_id = ? AND state = 'sent' AND want_thread = 1 AND thread_id IS NULL ORDER BY id",
  );
  const release = db.prepare('DELETE FROM deliveries WHERE post_id = ?');
  const releaseChannel = db.prepare(
    "DELETE FROM deliveries WHERE post_id IN (SELECT id FROM posts WHERE channel_id = ? AND state = 'pending')",
  );
  // Stopping (unsubscribed, the bot left): a post never tried certainly did not go out, so its papers are
  // freed; one that was tried may have (a 5xx, a timeout), so its papers stay delivered and are never repeated.
  const freeUntried = (scope: 'channel_id' | 'guild_id') =>
    db.prepare(
      `DELETE FROM deliveries WHERE post_id IN (SELECT id FROM posts WHERE ${scope} = ? AND state = 'pending' AND ` +
        'attempts = 0)',
    );
  const failPending = (scope: 'channel_id' | 'guild_id') =>
    db.prepare(`UPDATE posts SET state = 'failed', error = ? WHERE ${scope} = ? AND state = 'pending'`);
  const skipThreads = (scope: 'channel_id' | 'guild_id') =>
    db.prepare(
      `UPDATE posts SET thread_id = '' WHERE ${scope} = ? AND state = 'sent' AND want_thread = 1 AND thread_id IS NULL`,
    );
  const stopStatements = (scope: 'channel_id' | 'guild_id') => {
    const [free, fail, skip] = [freeUntried(scope), failPending(scope), skipThreads(scope)];
    return immediate(db, (id: string, reason: string): number => {
      free.run(id);
      skip.run(id);
      return fail.run(reason, id).changes;
    });
  };
  const stopInChannel = stopStatements('channel_id');
  const stopInGuild = stopStatements('guild_id');
  const setThread = db.prepare('UPDATE posts SET thread_id = ? WHERE id = ?');
  const noteExists = db
    .prepare<[string, string], 1>("SELECT 1 FROM posts WHERE channel_id = ? AND day = ? AND kind = 'note'")
    .pluck();
  const threadOf = db
    .prepare<[string, string], string>('SELECT thread_id FROM discussion_threads WHERE channel_id = ? AND paper_id = ?')
    .pluck();
  const paperOfThread = db
    .prepare<[string], string>('SELECT paper_id FROM discussion_threads WHERE thread_id = ? LIMIT 1')
    .pluck();
  const saveThread = db.prepare(
    'INSERT INTO discussion_threads (channel_id, paper_id, thread_id) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET ' +
      'thread_id = excluded.thread_id',
  );

  const toPost = (r: PostRow): Post => ({
    id: r.id,
    channelId: r.channel_id,
    guildId: r.guild_id,
    day: r.day,
    kind: r.kind,
    nonce: r.nonce,
    mentionRoleId: r.mention_role_id,
    wantThread: r.want_thread === 1,
    state: r.state,
    attempts: r.attempts,
    attemptedAt: r.attempted_at,
    messageId: r.message_id,
    threadId: r.thread_id,
    paperIds: postPapers.all(r.id),
  });

  const plan = immediate(
    db,
    (channelId: string, guildId: string, day: string, posts: readonly PlannedPost[]): number => {
      const at = now().toISOString();
      for (const p of posts) {
        // Discord keeps a nonce for a few minutes; 16 random hex characters never repeat in practice.
        const nonce = randomBytes(8).toString('hex');
        const postId = Number(
          insertPost.run(channelId, guildId, day, p.kind, nonce, p.mentionRoleId, p.wantThread ? 1 : 0, at)
            .lastInsertRowid,
        );
        p.paperIds.forEach((paperId, i) => insertDelivery.run(channelId, paperId, postId, i, guildId, day));
      }
      return posts.length;
    },
  );

  return {
    /** Records posts to send, in order, in one transaction. A paper already delivered to the channel throws. */
    plan: (channelId: string, guildId: string, day: string, posts: readonly PlannedPost[]): number =>
      plan(channelId, guildId, day, posts),
    isDelivered: (channelId: string, paperId: string): boolean => delivered.get(channelId, paperId) === 1,
    deliveredOnDay: (channelId: string, day: string): number => countDay.get(channelId, day) ?? 0,
    hasNote: (channelId: string, day: string): boolean => noteExists.get(channelId, day) === 1,
    pending: (channelId: string): Post[] => pendingOf.all(channelId).map(toPost),
    channelsWithUnfinishedPosts: (): string[] => pendingChannels.all(),
    guildOf: (channelId: string): string | null => guildOfChannel.get(channelId) ?? null,
    get: (id: number): Post | null => {
      const r = byId.get(id);
      return r ? toPost(r) : null;
    },
    byMessage: (messageId: string): Post | null => {
      const r = byMessage.get(messageId);
      return r ? toPost(r) : null;
    },
    postOfPaper: (channelId: string, paperId: string): Post | null => {
      const r = byPaper.get(channelId, paperId);
      return r ? toPost(r) : null;
    },
    markAttempt: (id: number) => void attempt.run(now().toISOString(), id),
    /** `stopped`: the post was stopped while its send was in flight: it is sent, and gets no thread. */
    markSent: (id: number, messageId: string, stopped = false) =>
      void (stopped ? sentStopped : sent).run(messageId, now().toISOString(), id),
    markFailed: (id: number, error: string) => void failed.run(error, id),
    failPendingInChannel: (channelId: string, error: string) => failChannel.run(error, channelId).changes,
    /** Sent posts whose discussion thread was not created yet (a crash or an error came between). */
    missingThreads: (channelId: string): Post[] => threadless.all(channelId).map(toPost),
    /**
     * Discord certainly refused a post (permissions, a bad request): it and the channel's other pending
     * posts are marked failed and their papers freed, to be planned again, in order, on a later run.
     */
    markRefused: immediate(db, (id: number, channelId: string, error: string) => {
      failed.run(error, id);
      release.run(id);
      releaseChannel.run(channelId);
      failChannel.run(error, channelId);
    }),
    /**
     * Stops a channel's (or a server's) unsent posts at once, marked failed with `reason`, and the threads
     * its sent posts still wait for. Returns how many posts were stopped.
     */
    stopChannel: (channelId: string, reason: string): number => stopInChannel(channelId, reason),
    stopGuild: (guildId: string, reason: string): number => stopInGuild(guildId, reason),
    markThread: (id: number, threadId: string) => void setThread.run(threadId, id),
    threadFor: (channelId: string, paperId: string): string | null => threadOf.get(channelId, paperId) ?? null,
    /** The paper whose discussion thread `threadId` is, or null when it is no paper's thread. */
    paperOfThread: (threadId: string): string | null => paperOfThread.get(threadId) ?? null,
    saveThread: (channelId: string, paperId: string, threadId: string) =>
      void saveThread.run(channelId, paperId, threadId),
  };
}
