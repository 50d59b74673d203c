import type { Database } from 'better-sqlite3';

/** A "what should we read next?" poll the bot posted: answer id n is paperIds[n - 1]. */
export interface ClubPoll {
  messageId: string;
  guildId: string;
  channelId: string;
  paperIds: string[];
  endsAt: string;
  winnerPaperId: string | null;
}

interface PollRow {
  message_id: string;
  guild_id: string;
  channel_id: string;
  paper_ids: string;
  ends_at: string;
  winner_paper_id: string | null;
}

const toPoll = (r: PollRow): ClubPoll => ({
  messageId: r.message_id,
  guildId: r.guild_id,
  channelId: r.channel_id,
  paperIds: JSON.parse(r.paper_ids) as string[],
  endsAt: r.ends_at,
  winnerPaperId: r.winner_paper_id,
});

export type PollStore = ReturnType<typeof createPollStore>;

/** The club's polls (club_polls, migration 10). */
export function createPollStore(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(
    `INSERT INTO club_polls (message_id, guild_id, channel_id, paper_ids, ends_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const byId = db.prepare<[string], PollRow>('SELECT * FROM club_polls WHERE message_id = ?');
  const undecided = db.prepare<[], PollRow>('SELECT * FROM club_polls WHERE decided_at IS NULL ORDER BY ends_at');
  const decide = db.prepare(
    'UPDATE club_polls SET winner_paper_id = ?, decided_at = ? WHERE message_id = ? AND decided_at IS NULL',
  );
  const decideGuild = db.prepare(
    'UPDATE club_polls SET winner_paper_id = NULL, decided_at = ? WHERE guild_id = ? AND decided_at IS NULL',
  );

  return {
    add(p: Omit<ClubPoll, 'winnerPaperId'>): void {
      insert.run(p.messageId, p.guildId, p.channelId, JSON.stringify(p.paperIds), p.endsAt);
    },
    get: (messageId: string): ClubPoll | null => {
      const row = byId.get(messageId);
      return row ? toPoll(row) : null;
    },
    /** Polls whose winner is not decided yet, soonest ending first. */
    undecided: (): ClubPoll[] => undecided.all().map(toPoll),
    /** Records the winner once; false when it was already decided (another path got there first). */
    decide: (messageId: string, winnerPaperId: string | null): boolean =>
      decide.run(winnerPaperId, now().toISOString(), messageId).changes === 1,
    /** The bot left the server: its open polls end with no winner, and nothing more is read of them. */
    decideGuild: (guildId: string): number => decideGuild.run(now().toISOString(), guildId).changes,
  };
}
