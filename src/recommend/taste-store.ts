import type { Database } from 'better-sqlite3';
import type { PaperText } from './features.ts';

export type TasteStore = ReturnType<typeof createTasteStore>;

/** Where the corpus starts and what it holds: a change means new papers were listed (or a list was added). */
export interface CorpusKey {
  /** The earliest day of the corpus's lists, null when nothing is listed. */
  from: string | null;
  latest: string | null;
  rows: number;
}

/**
 * The reads the recommender needs: the papers of recent Daily Papers lists (its corpus and its candidates)
 * and a server's upvotes. It writes nothing: papers, lists and votes belong to their own stores.
 */
export function createTasteStore(db: Database) {
  // The n-th most recent list day: the PRIMARY KEY (day, paper_id) makes this an index walk.
  const nthList = db
    .prepare<[number], string>('SELECT day FROM paper_days GROUP BY day ORDER BY day DESC LIMIT 1 OFFSET ?')
    .pluck();
  const oldestList = db.prepare<[], string>('SELECT min(day) FROM paper_days').pluck();
  const keyOf = db.prepare<[string], { rows: number; latest: string | null }>(
    'SELECT count(*) AS rows, max(day) AS latest FROM paper_days WHERE day >= ?',
  );
  const textsSince = db.prepare<
    [string],
    { id: string; title: string; abstract: string; ai_summary: string | null; ai_keywords: string }
  >(`
    SELECT id, title, abstract, ai_summary, ai_keywords FROM papers
    WHERE id IN (SELECT paper_id FROM paper_days WHERE day >= ?) ORDER BY id
  `);
  // Newest list first, then the list's HF upvotes: the order ties keep in a ranking.
  const listedSince = db
    .prepare<[string], string>(
      `SELECT d.paper_id FROM paper_days d JOIN papers p ON p.id = d.paper_id WHERE d.day >= ?
       GROUP BY d.paper_id ORDER BY max(d.day) DESC, p.hf_upvotes DESC, d.paper_id`,
    )
    .pluck();
  const serverUpvotes = db
    .prepare<[string], string>('SELECT DISTINCT paper_id FROM votes WHERE guild_id = ? ORDER BY paper_id')
    .pluck();
  const memberUpvotes = db
    .prepare<[string, string], string>(
      'SELECT DISTINCT paper_id FROM votes WHERE guild_id = ? AND user_id = ? ORDER BY paper_id',
    )
    .pluck();

  /** The earliest day of the last `lists` Daily Papers lists (fewer when fewer are stored). */
  const firstOfLastLists = (lists: number): string | null => nthList.get(lists - 1) ?? oldestList.get() ?? null;

  return {
    firstOfLastLists,
    corpusKey(lists: number): CorpusKey {
      const from = firstOfLastLists(lists);
      if (from === null) return { from, latest: null, rows: 0 };
      const { rows, latest } = keyOf.get(from) ?? { rows: 0, latest: null };
      return { from, latest, rows };
    },
    /** The text of every paper listed on `from` or later, by id. */
    textsSince(from: string): PaperText[] {
      return textsSince.all(from).map((r) => ({
        id: r.id,
        title: r.title,
        abstract: r.abstract,
        aiSummary: r.ai_summary,
        aiKeywords: JSON.parse(r.ai_keywords) as string[],
      }));
    },
    /** Ids of the papers listed on `from` or later, newest list first. */
    listedSince: (from: string): string[] => listedSince.all(from),
    /** The papers a member (or, with `userId` null, anyone in the server) holds a vote for, either kind. */
    upvoted: (guildId: string, userId: string | null): string[] =>
      userId === null ? serverUpvotes.all(guildId) : memberUpvotes.all(guildId, userId),
  };
}
