import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';
import type { DailyEntry, Paper } from './paper.ts';
import { readablePaper } from './readable-paper.ts';

interface PaperRow {
  id: string;
  title: string;
  abstract: string;
  authors: string;
  published_at: string | null;
  hf_upvotes: number;
  num_comments: number;
  ai_summary: string | null;
  ai_keywords: string;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  thumbnail: string | null;
  organization: string | null;
}

const COLUMNS = `id, title, abstract, authors, published_at, hf_upvotes, num_comments, ai_summary, ai_keywords,
  github_repo, github_stars, project_page, thumbnail, organization`;

export function rowToPaper(r: PaperRow): Paper {
  return {
    id: r.id,
    title: r.title,
    abstract: r.abstract,
    authors: JSON.parse(r.authors) as string[],
    publishedAt: r.published_at,
    hfUpvotes: r.hf_upvotes,
    numComments: r.num_comments,
    aiSummary: r.ai_summary,
    aiKeywords: JSON.parse(r.ai_keywords) as string[],
    githubRepo: r.github_repo,
    githubStars: r.github_stars,
    projectPage: r.project_page,
    thumbnail: r.thumbnail,
    organization: r.organization,
  };
}

/** A paper's searchable columns as stored (keywords and authors as JSON), in papers_fts's order. */
export interface StoredText {
  pk: number;
  id: string;
  title: string;
  ai_keywords: string;
  ai_summary: string | null;
  abstract: string;
  authors: string;
  /** The first Daily Papers day it is listed on (YYYY-MM-DD). */
  first_listed: string;
}

export interface SaveResult {
  added: number;
  updated: number;
}

export type PaperStore = ReturnType<typeof createPaperStore>;

export function createPaperStore(db: Database, now: () => Date = () => new Date()) {
  const exists = db.prepare<[string], 1>('SELECT 1 FROM papers WHERE id = ?').pluck();
  // A later fetch may lack an optional field an earlier one had (HF fills ai_summary in late, and
  // sometimes drops it again): keep what we know rather than erase it.
  const upsert = db.prepare(`
    INSERT INTO papers (${COLUMNS}, first_seen_at, updated_at)
    VALUES (@id, @title, @abstract, @authors, @publishedAt, @hfUpvotes, @numComments, @aiSummary, @aiKeywords,
      @githubRepo, @githubStars, @projectPage, @thumbnail, @organization, @now, @now)
    ON CONFLICT (id) DO UPDATE SET
      title = excluded.title,
      abstract = excluded.abstract,
      authors = excluded.authors,
      published_at = coalesce(excluded.published_at, published_at),
      hf_upvotes = excluded.hf_upvotes,
      num_comments = excluded.num_comments,
      ai_summary = coalesce(excluded.ai_summary, ai_summary),
      ai_keywords = CASE WHEN excluded.ai_keywords = '[]' THEN ai_keywords ELSE excluded.ai_keywords END,
      github_repo = coalesce(excluded.github_repo, github_repo),
      github_stars = coalesce(excluded.github_stars, github_stars),
      project_page = coalesce(excluded.project_page, project_page),
      thumbnail = coalesce(excluded.thumbnail, thumbnail),
      organization = coalesce(excluded.organization, organization),
      updated_at = excluded.updated_at
  `);
  const addDay = db.prepare(`
    INSERT INTO paper_days (day, paper_id, submitted_at, submitted_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (day, paper_id) DO UPDATE SET
      submitted_at = coalesce(excluded.submitted_at, submitted_at),
      submitted_by = coalesce(excluded.submitted_by, submitted_by)
  `);
  const byId = db.prepare<[string], PaperRow>(`SELECT ${COLUMNS} FROM papers WHERE id = ?`);
  const byDay = db.prepare<[string, number, number], PaperRow>(`
    SELECT ${COLUMNS.replace(/(\w+)/g, 'p.$1')} FROM paper_days d JOIN papers p ON p.id = d.paper_id
    WHERE d.day = ? AND p.hf_upvotes >= ? ORDER BY p.hf_upvotes DESC, p.id LIMIT ?
  `);
  const daysOf = db.prepare<[string], string>('SELECT day FROM paper_days WHERE paper_id = ? ORDER BY day').pluck();
  const count = db.prepare<[], number>('SELECT count(*) FROM papers').pluck();
  const newestPk = db.prepare<[], number>('SELECT coalesce(max(pk), 0) FROM papers').pluck();
  // A paper's first Daily Papers day is the first list it is stored on (its day of storage if on none).
  const FIRST_LISTED =
    'coalesce((SELECT min(day) FROM paper_days d WHERE d.paper_id = p.id), substr(p.first_seen_at, 1, 10))';
  const newsAfter = db.prepare<[number, number, string, number], StoredText>(`
    SELECT * FROM (
      SELECT pk, id, title, ai_keywords, ai_summary, abstract, authors, ${FIRST_LISTED} AS first_listed
      FROM papers p WHERE pk > ? AND pk <= ?
    ) WHERE first_listed >= ? ORDER BY pk LIMIT ?
  `);
  const firstNewsAfter = db
    .prepare<[number, number, string], number | null>(
      `SELECT min(pk) FROM papers p WHERE pk > ? AND pk <= ? AND ${FIRST_LISTED} >= ?`,
    )
    .pluck();
  const dayRange = db.prepare<[], { days: number; first: string | null; last: string | null }>(
    'SELECT count(DISTINCT day) AS days, min(day) AS first, max(day) AS last FROM paper_days',
  );

  const saveAll = immediate(db, (entries: readonly DailyEntry[]): SaveResult => {
    const at = now().toISOString();
    let added = 0;
    for (const { paper, day, submittedAt, submittedBy } of entries) {
      const p = readablePaper(paper);
      if (!exists.get(p.id)) added++;
      upsert.run({
        ...p,
        authors: JSON.stringify(p.authors),
        aiKeywords: JSON.stringify(p.aiKeywords),
        now: at,
      });
      addDay.run(day, p.id, submittedAt, submittedBy);
    }
    return { added, updated: entries.length - added };
  });

  return {
    /**
     * Stores a day's entries in one transaction: new papers are added, known ones refreshed. Their text is
     * stored readable (readablePaper), so every view and the search index see the same text.
     */
    save: (entries: readonly DailyEntry[]): SaveResult => saveAll(entries),
    get(id: string): Paper | null {
      const row = byId.get(id);
      return row ? rowToPaper(row) : null;
    },
    /** The papers listed on `day`, best HF upvotes first. */
    listDay(day: string, opts: { top?: number; minUpvotes?: number } = {}): Paper[] {
      return byDay.all(day, opts.minUpvotes ?? 0, opts.top ?? -1).map(rowToPaper);
    },
    daysListed: (id: string): string[] => daysOf.all(id),
    count: (): number => count.get() ?? 0,
    /** The storage position of the newest paper: papers stored later have a higher one. */
    newestPk: (): number => newestPk.get() ?? 0,
    /**
     * Papers stored after position `after` (up to `upTo`) and first listed on `day` or later, oldest first, with
     * their text as the index holds it: what is news since `day`, leaving out a backfill's older papers.
     */
    newsAfter: (after: number, upTo: number, day: string, limit: number): StoredText[] =>
      newsAfter.all(after, upTo, day, limit),
    /** The position of the first paper `newsAfter` would give, or null when there is none. */
    firstNewsAfter: (after: number, upTo: number, day: string): number | null =>
      firstNewsAfter.get(after, upTo, day) ?? null,
    coverage: () => dayRange.get() ?? { days: 0, first: null, last: null },
  };
}
