import type { Database } from 'better-sqlite3';
import type { IndexedText } from './analyse.ts';
import { impact } from './bm25.ts';
import { compileUnits, scanRow } from './scan.ts';
import type { Tokenizer } from './tokenizer.ts';
import type { Unit } from './units.ts';

/**
 * Checks candidate rows against the whole query and gives each the bm25 score FTS5 would, from the row's
 * own text: the fast paths choose candidates cheaply, this makes their order exact.
 */

export interface Scored {
  pk: number;
  score: number;
  publishedAt: string | null;
}

interface TextRow {
  pk: number;
  title: string;
  ai_keywords: string;
  ai_summary: string | null;
  abstract: string;
  authors: string;
  published_at: string | null;
}

export interface ScoreContext {
  units: Unit[];
  /** idf of each positive unit, by index in `units`. */
  idf: Map<Unit, number>;
  avgLength: number;
  from: string | null;
  /** Exclusive upper bound on published_at. */
  until: string | null;
}

export type Scorer = ReturnType<typeof createScorer>;

export function createScorer(db: Database, tokenizer: Tokenizer) {
  // FTS5's own per-row token counts (papers_fts_docsize, varints per column) give bm25's D without
  // walking the row, so the scan only has to look where the query's words may start.
  const rows = db.prepare<[string], TextRow & { sz: Buffer | null }>(`
    SELECT p.pk, p.title, p.ai_keywords, p.ai_summary, p.abstract, p.authors, p.published_at, d.sz
    FROM papers p LEFT JOIN papers_fts_docsize d ON d.id = p.pk WHERE p.pk IN (SELECT value FROM json_each(?))`);

  /** The candidates that match, with their scores, in no particular order. */
  return function score(pks: readonly number[], ctx: ScoreContext): Scored[] {
    if (pks.length === 0) return [];
    const out: Scored[] = [];
    const found = rows.all(JSON.stringify(pks));
    const text = (r: TextRow): IndexedText => [r.title, r.ai_keywords, r.ai_summary, r.abstract, r.authors];
    const compiled = compileUnits(ctx.units, tokenizer);
    for (let i = 0; i < found.length; i++) {
      const r = found[i]!;
      const when = r.published_at;
      if (ctx.from !== null && (when === null || when < ctx.from)) continue;
      if (ctx.until !== null && (when === null || when >= ctx.until)) continue;
      const before = tokenizer.misses();
      const { length, hits } = scanRow(text(r), compiled, tokenizer, r.sz ? tokenCount(r.sz) : null);
      tokenizer.primeIfCold(before, () => found.slice(i + 1).flatMap(text));
      let score = 0;
      let ok = true;
      ctx.units.forEach((u, i) => {
        const h = hits[i]!;
        if (u.term.negated ? h > 0 : h === 0) ok = false;
        else if (!u.term.negated) score += (ctx.idf.get(u) ?? 0) * impact(h, length, ctx.avgLength);
      });
      if (ok) out.push({ pk: r.pk, score, publishedAt: when });
    }
    return out;
  };
}

/** The sum of the varints (SQLite's encoding, as FTS5 writes them) in a docsize blob. */
function tokenCount(sz: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < sz.length;) {
    let v = 0;
    let b: number;
    do {
      b = sz[i++]!;
      v = v * 128 + (b & 0x7f);
    } while (b & 0x80 && i < sz.length);
    total += v;
  }
  return total;
}
