import type { Database } from 'better-sqlite3';
import type { ExportRow } from '../export/export-row.ts';
import type { Paper } from '../papers/paper.ts';
import { rowToPaper } from '../papers/paper-store.ts';
import { hotScore } from './hot-score.ts';

export type TopSort = 'votes' | 'hot';

export interface TopOptions {
  /** Count only votes cast at or after this time (ISO 8601, see periodStart); null for all time. */
  since: string | null;
  limit: number;
  sort: TopSort;
  /** The time ages are measured to for `hot`; defaults to the store's clock. */
  now?: Date;
}

export interface TopEntry {
  paper: Paper;
  /** Distinct members whose vote for the paper was cast in the period. */
  votes: number;
  /** The hot score, for `sort: 'hot'` only. */
  score?: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface ExportOptions {
  scope: 'mine' | 'server';
  /** The exporting member (used by `mine`). */
  userId: string;
  /** Only papers with a vote cast at or after this time (the member's own for `mine`); null for all. */
  since: string | null;
}

type PaperRow = Parameters<typeof rowToPaper>[0];

const PAPER_COLUMNS = `p.id, p.title, p.abstract, p.authors, p.published_at, p.hf_upvotes, p.num_comments, p.ai_summary,
  p.ai_keywords, p.github_repo, p.github_stars, p.project_page, p.thumbnail, p.organization`;

// A member's vote for a paper began at the earliest time among the rows they hold for it (button and
// reaction rows share that time when both are held, see insertVote).
const MEMBER_VOTES = `member_votes AS (
  SELECT paper_id, user_id, min(voted_at) AS voted_at FROM votes WHERE guild_id = @guildId GROUP BY paper_id, user_id
)`;

const HOUR_MS = 60 * 60 * 1000;

/** Reads over the votes of one server: top papers, a member's favourites, export rows. */
export function createVoteQueries(db: Database, now: () => Date) {
  // Period votes: members whose vote began within the period. Ties: HF upvotes, then id, so the order is total.
  const topByVotes = db.prepare<
    [{ guildId: string; since: string | null; limit: number }],
    PaperRow & { votes: number }
  >(`
    WITH ${MEMBER_VOTES}, period AS (
      SELECT paper_id, count(*) AS votes FROM member_votes WHERE @since IS NULL OR voted_at >= @since GROUP BY paper_id
    )
    SELECT v.votes, ${PAPER_COLUMNS} FROM period v JOIN papers p ON p.id = v.paper_id
    ORDER BY v.votes DESC, p.hf_upvotes DESC, p.id LIMIT @limit
  `);
  // Every candidate with what the hot score needs; ranked in JS (a server votes for at most thousands of papers).
  const hotCandidates = db.prepare<
    [{ guildId: string; since: string | null }],
    PaperRow & { votes: number; first_day: string | null; first_seen_at: string }
  >(`
    WITH ${MEMBER_VOTES}, period AS (
      SELECT paper_id, count(*) AS votes FROM member_votes WHERE @since IS NULL OR voted_at >= @since GROUP BY paper_id
    )
    SELECT v.votes, (SELECT min(day) FROM paper_days d WHERE d.paper_id = p.id) AS first_day, p.first_seen_at,
      ${PAPER_COLUMNS}
    FROM period v JOIN papers p ON p.id = v.paper_id
  `);
  const favouritesTotal = db
    .prepare<[string, string], number>('SELECT count(DISTINCT paper_id) FROM votes WHERE guild_id = ? AND user_id = ?')
    .pluck();
  const favouritesPage = db.prepare<
    [{ guildId: string; userId: string; limit: number; offset: number }],
    PaperRow & { voted_at: string }
  >(`
    WITH mine AS (
      SELECT paper_id, min(voted_at) AS voted_at FROM votes WHERE guild_id = @guildId AND user_id = @userId GROUP
        BY paper_id
    )
    SELECT m.voted_at, ${PAPER_COLUMNS} FROM mine m JOIN papers p ON p.id = m.paper_id
    ORDER BY m.voted_at DESC, p.id LIMIT @limit OFFSET @offset
  `);
  const exportMine = db.prepare<
    [{ guildId: string; userId: string; since: string | null }],
    PaperRow & { voted_at: string; server_votes: number }
  >(`
    WITH mine AS (
      SELECT paper_id, min(voted_at) AS voted_at FROM votes WHERE guild_id = @guildId AND user_id = @userId GROUP
        BY paper_id
    )
    SELECT m.voted_at,
      (SELECT count(DISTINCT v.user_id) FROM votes v WHERE v.guild_id = @guildId AND v.paper_id = m.paper_id) AS
        server_votes,
      ${PAPER_COLUMNS}
    FROM mine m JOIN papers p ON p.id = m.paper_id
    WHERE @since IS NULL OR m.voted_at >= @since
    ORDER BY m.voted_at DESC, p.id
  `);
  const exportServer = db.prepare<[{ guildId: string; since: string | null }], PaperRow & { server_votes: number }>(`
    WITH ${MEMBER_VOTES}, totals AS (
      SELECT paper_id, count(*) AS server_votes, max(voted_at) AS last_vote FROM member_votes GROUP BY paper_id
    )
    SELECT t.server_votes, ${PAPER_COLUMNS} FROM totals t JOIN papers p ON p.id = t.paper_id
    WHERE @since IS NULL OR t.last_vote >= @since
    ORDER BY t.server_votes DESC, p.hf_upvotes DESC, p.id
  `);

  return {
    /**
     * The server's most upvoted papers in a period: only papers with at least one vote cast in it.
     * `votes` orders by those votes, then HF upvotes, then id; `hot` by hotScore (ties the same way),
     * with the paper's age measured from its first Daily Papers day, else its publication, else when
     * Paperboy first saw it.
     */
    top(guildId: string, opts: TopOptions): TopEntry[] {
      const limit = wholeNumber(opts.limit);
      if (opts.sort === 'votes') {
        return topByVotes
          .all({ guildId, since: opts.since, limit })
          .map((r) => ({ paper: rowToPaper(r), votes: r.votes }));
      }
      const at = (opts.now ?? now()).getTime();
      return hotCandidates
        .all({ guildId, since: opts.since })
        .map((r) => {
          const born =
            r.first_day !== null
              ? Date.parse(`${r.first_day}T00:00:00Z`)
              : Date.parse(r.published_at ?? r.first_seen_at);
          const score = hotScore({ votes: r.votes, hfUpvotes: r.hf_upvotes, ageHours: (at - born) / HOUR_MS });
          return { paper: rowToPaper(r), votes: r.votes, score };
        })
        .sort(
          (a, b) =>
            b.score - a.score ||
            b.votes - a.votes ||
            b.paper.hfUpvotes - a.paper.hfUpvotes ||
            compare(a.paper.id, b.paper.id),
        )
        .slice(0, limit);
    },
    /** The papers a member upvoted (either way) in the server, newest vote first. */
    favourites(
      guildId: string,
      userId: string,
      page: { offset: number; limit: number },
    ): Page<{ paper: Paper; votedAt: string }> {
      const offset = wholeNumber(page.offset);
      const limit = wholeNumber(page.limit);
      return {
        total: favouritesTotal.get(guildId, userId) ?? 0,
        items: favouritesPage
          .all({ guildId, userId, limit, offset })
          .map((r) => ({ paper: rowToPaper(r), votedAt: r.voted_at })),
      };
    },
    /**
     * Rows for `/paper export`. `mine`: the member's papers, newest vote first, `since` applying to their
     * own vote. `server`: every paper with a vote cast since `since`, most votes first. `serverVotes` is
     * always the paper's current count in the server; the period only chooses the papers.
     */
    exportRows(guildId: string, opts: ExportOptions): ExportRow[] {
      if (opts.scope === 'mine') {
        return exportMine.all({ guildId, userId: opts.userId, since: opts.since }).map((r) => ({
          paper: rowToPaper(r),
          serverVotes: r.server_votes,
          votedAt: r.voted_at,
        }));
      }
      return exportServer
        .all({ guildId, since: opts.since })
        .map((r) => ({ paper: rowToPaper(r), serverVotes: r.server_votes, votedAt: null }));
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A limit or offset SQLite accepts: negative and NaN become 0 (SQLite would read a negative limit as none). */
const wholeNumber = (n: number) =>
  Number.isNaN(n) ? 0 : Math.max(0, Math.min(Math.floor(n), Number.MAX_SAFE_INTEGER));
