import type { Database } from 'better-sqlite3';
import { idf } from './bm25.ts';
import type { SideIndex } from './side-index.ts';
import { prefixKey, termKey, type ListOptions } from './term-lists.ts';
import type { Unit } from './units.ts';

/**
 * Decides, per positive term, whether it is rare (FTS5 can score all its rows quickly) or common (its rows
 * must not be walked at query time), which top list can stand for it, and its idf, all from the side index's
 * term statistics rather than from FTS5, whose own count of a common phrase walks its whole doclist.
 */

export interface Plan {
  rows: number;
  avgLength: number;
  positives: Unit[];
  /** Upper bound on the rows each positive unit matches. */
  estimate: Map<Unit, number>;
  rare: Unit[];
  common: Unit[];
  idf: Map<Unit, number>;
  /**
   * The top list standing for a common unit: a word's own list, or for a phrase the list of its rarest word.
   * A phrase's every hit is also a hit of each of its words, so a word's impact bounds the phrase's in the
   * same row, and the threshold algorithm stays exact with the phrase's idf as the list's weight.
   */
  listKey: Map<Unit, string>;
}

export function createPlanner(db: Database, side: SideIndex, opts: ListOptions) {
  const range = db.prepare<[string, string], { total: number; top: number }>(
    'SELECT coalesce(sum(df), 0) AS total, coalesce(max(df), 0) AS top FROM (SELECT df FROM search_terms WHERE ' +
      'term >= ? AND term < ? LIMIT 5000)',
  );
  const count = db.prepare<[string], number>('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();

  // Rows holding some term with the prefix: at most the sum of the terms' frequencies, at least the largest;
  // taken as the largest plus the others' share of the rows that lack it (as if they were independent).
  const prefixDf = (p: string, rows: number) => {
    const r = range.get(p, p + '\u{10ffff}') ?? { total: 0, top: 0 };
    return Math.round(r.top + (r.total - r.top) * Math.max(0, 1 - r.top / Math.max(1, rows)));
  };

  return function plan(units: readonly Unit[]): Plan {
    const { rows, avgLength } = side.stats();
    const threshold = opts.commonDf(rows);
    // FTS5 matches a phrase by walking its words' doclists side by side: cheap while none of them is huge
    // (some milliseconds at a million papers for words in under 5% of them), whatever the phrase's own count.
    const cheap = 5 * threshold;
    const positives = units.filter((u) => !u.term.negated);
    const estimate = new Map<Unit, number>();
    const idfs = new Map<Unit, number>();
    const listKey = new Map<Unit, string>();
    const rare: Unit[] = [];
    const common: Unit[] = [];
    for (const u of positives) {
      const n = u.tokens.length;
      const dfs = u.tokens.map((t, i) => (u.term.prefix && i === n - 1 ? prefixDf(t, rows) : side.df(t)));
      const est = Math.min(rows, ...dfs);
      estimate.set(u, est);
      if (est <= threshold || (n > 1 && dfs.every((df) => df <= cheap))) {
        rare.push(u);
      } else {
        common.push(u);
        idfs.set(u, idf(rows, est));
        const keys = u.tokens.map((t, i) => (u.term.prefix && i === n - 1 ? prefixKey(t) : termKey(t)));
        const rarest = dfs.reduce((best, df, i) => (df < dfs[best]! ? i : best), 0);
        if (!u.term.author && side.lists.has(keys[rarest]!)) listKey.set(u, keys[rarest]!);
      }
    }
    // A query of rare terms only is ranked by FTS5's bm25() itself; otherwise a rare term's idf comes from the
    // count FTS5 would use, cheap for a rare term.
    if (common.length > 0) for (const u of rare) idfs.set(u, idf(rows, count.get(u.expr) ?? estimate.get(u) ?? 0));
    return { rows, avgLength, positives, estimate, rare, common, idf: idfs, listKey };
  };
}
