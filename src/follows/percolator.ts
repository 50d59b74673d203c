import type { IndexedText } from '../search/analyse.ts';
import { AUTHORS_COLUMN } from '../search/bm25.ts';
import { parseQuery } from '../search/query-parser.ts';
import { DEFAULT_LIST_OPTIONS } from '../search/term-lists.ts';
import type { Tokenizer } from '../search/tokenizer.ts';
import { toUnits } from '../search/units.ts';

/**
 * The follow percolator: many saved `/paper search` queries against a batch of new papers, giving exactly the
 * papers each query would find as a search over those papers. A paper matches a query when FTS5 matches the
 * engine's MATCH expression (fts-query.ts): every positive term and none of the exclusions, a term being a
 * phrase of FTS5 tokens (porter, unicode61, diacritics removed) inside one column, `author:` terms in the
 * authors column only, and the query's last positive word also as a prefix when the parser marks it so. Terms
 * and papers are tokenised by the search engine's own tokenizer (SQLite's FTS5, in one batch for the papers), so
 * stemming and folding are FTS5's and nothing is re-implemented.
 *
 * Each follow is indexed under one key, the rarest token it requires (an `author:` term's, when it has one), and
 * a paper is only checked against the follows whose key it holds.
 */

/** One term of a follow, resolved to FTS5 tokens (see search/units.ts). */
export interface FollowTerm {
  tokens: readonly string[];
  negated: boolean;
  author: boolean;
  /** The last token also matches as a prefix. */
  prefix: boolean;
}

export interface CompiledFollow<Id> {
  id: Id;
  terms: readonly FollowTerm[];
}

/** A paper as FTS5 indexed it: its tokens per papers_fts column (title, ai_keywords, ai_summary, abstract, authors). */
export interface PaperTokens {
  columns: ReadonlyArray<readonly string[]>;
}

/** Document frequencies, from the search index's term statistics (search_terms) or built with `termStats`. */
export interface TermStats {
  /** Papers in the store. */
  rows: number;
  df(token: string): number;
  /** Papers holding some token that starts with `prefix`; without it, the prefix's own df (a lower bound) is used. */
  prefixDf?(prefix: string): number;
}

/** The query's terms as the search engine resolves them (terms FTS5 turns into no token are dropped). */
export function compileFollow(query: string, tokenizer: Pick<Tokenizer, 'tokens'>): FollowTerm[] {
  return toUnits(parseQuery(query), tokenizer as Tokenizer).map((u) => ({
    tokens: u.tokens,
    negated: u.term.negated,
    author: u.term.author,
    prefix: u.term.prefix,
  }));
}

/**
 * Many follows at once (loading them all at start-up): their words are tokenised by SQLite in one round trip
 * rather than one per word the tokenizer has not seen.
 */
export function compileFollows<Id>(
  follows: ReadonlyArray<{ id: Id; query: string }>,
  tokenizer: Pick<Tokenizer, 'tokens' | 'prime'>,
): Array<CompiledFollow<Id>> {
  tokenizer.prime(follows.map((f) => f.query));
  return follows.map((f) => ({ id: f.id, terms: compileFollow(f.query, tokenizer) }));
}

/** The papers' FTS5 tokens, every new piece of text tokenised by SQLite in one round trip. */
export function tokenizePapers(
  tokenizer: Pick<Tokenizer, 'prime' | 'ids' | 'term'>,
  papers: readonly IndexedText[],
): PaperTokens[] {
  tokenizer.prime(papers.flat());
  return papers.map((text) => ({
    columns: text.map((col) => Array.from(tokenizer.ids(col), (id) => tokenizer.term(id))),
  }));
}

/** Estimated papers a term matches: its rarest token's df (the planner's estimate). */
function termDf(t: FollowTerm, stats: TermStats): number {
  const n = t.tokens.length;
  return Math.min(stats.rows, ...t.tokens.map((tok, i) => tokenDf(tok, t.prefix && i === n - 1, stats)));
}

const tokenDf = (token: string, prefix: boolean, stats: TermStats) =>
  prefix && stats.prefixDf ? stats.prefixDf(token) : stats.df(token);

export type Rejection = { kind: 'matches-nothing' | 'matches-almost-everything'; message: string };

/**
 * Why a query cannot be a follow, or null when it can: it matches nothing (no word that is not excluded, or a
 * word that is also excluded), or almost everything (no author and no term in fewer papers than the search
 * engine's common threshold, max(2,000, 1%) of the papers).
 */
export function followRejection(
  terms: readonly FollowTerm[],
  stats: TermStats,
  commonDf: (rows: number) => number = DEFAULT_LIST_OPTIONS.commonDf,
): Rejection | null {
  const positive = terms.filter((t) => !t.negated);
  if (positive.length === 0)
    return { kind: 'matches-nothing', message: 'nothing to follow: add a word that is not excluded' };
  const excluded = terms.find((n) => n.negated && positive.some((p) => covers(p, n)));
  if (excluded)
    return {
      kind: 'matches-nothing',
      message: `"${excluded.tokens.join(' ')}" is both required and excluded, so nothing can match`,
    };
  if (positive.some((t) => t.author)) return null;
  const threshold = commonDf(stats.rows);
  if (positive.some((t) => termDf(t, stats) <= threshold)) return null;
  return {
    kind: 'matches-almost-everything',
    message: `every word is in more than ${threshold.toLocaleString('en')} papers: add a rarer word or an author:`,
  };
}

/** Whether every paper matching positive term p also matches exclusion n (n's tokens lie inside p's exact ones). */
function covers(p: FollowTerm, n: FollowTerm): boolean {
  if (n.prefix || (n.author && !p.author)) return false;
  const exact = p.tokens.length - (p.prefix ? 1 : 0);
  for (let s = 0; s + n.tokens.length <= exact; s++)
    if (n.tokens.every((tok, k) => p.tokens[s + k] === tok)) return true;
  return false;
}

/** A paper's tokens with their positions, built once per paper and shared by all the follows checked against it. */
class PaperView {
  /** Token -> positions, each column * 2^24 + offset. */
  readonly postings = new Map<string, number[]>();
  readonly authorTokens = new Set<string>();

  constructor(readonly columns: ReadonlyArray<readonly string[]>) {
    columns.forEach((col, c) => {
      for (let i = 0; i < col.length; i++) {
        const tok = col[i]!;
        const at = c * 2 ** 24 + i;
        const list = this.postings.get(tok);
        if (list) list.push(at);
        else this.postings.set(tok, [at]);
        if (c === AUTHORS_COLUMN) this.authorTokens.add(tok);
      }
    });
  }

  has(t: FollowTerm): boolean {
    const n = t.tokens.length;
    const last = t.tokens[n - 1]!;
    if (n === 1 && t.prefix) {
      // Most often the paper holds the prefix itself as a token (a word followed is a word written).
      if (!t.author && this.postings.has(last)) return true;
      for (const tok of t.author ? this.authorTokens : this.postings.keys()) if (tok.startsWith(last)) return true;
      return false;
    }
    for (const at of this.postings.get(t.tokens[0]!) ?? []) {
      const c = Math.floor(at / 2 ** 24);
      if (t.author && c !== AUTHORS_COLUMN) continue;
      const col = this.columns[c]!;
      const i = at - c * 2 ** 24;
      if (i + n > col.length) continue;
      let k = 1;
      for (; k < n; k++) {
        const tok = col[i + k]!;
        if (k === n - 1 && t.prefix ? !tok.startsWith(last) : tok !== t.tokens[k]) break;
      }
      if (k === n) return true;
    }
    return false;
  }

  matches(terms: readonly FollowTerm[]): boolean {
    let positive = false;
    for (const t of terms) {
      if (t.negated) continue;
      if (!this.has(t)) return false;
      positive = true;
    }
    return positive && terms.every((t) => !t.negated || !this.has(t));
  }
}

/** Every follow checked against every paper, with the percolator's matcher: the baseline it is measured against. */
export function naiveMatch<Id>(follows: readonly CompiledFollow<Id>[], papers: readonly PaperTokens[]): Id[][] {
  return papers.map((p) => {
    const view = new PaperView(p.columns);
    return follows.filter((f) => view.matches(f.terms)).map((f) => f.id);
  });
}

interface Key {
  token: string;
  prefix: boolean;
  author: boolean;
  df: number;
}

/** The follow's rarest required token, from its author terms when it has any; null without a positive term. */
export function followKey(terms: readonly FollowTerm[], stats: TermStats): Key | null {
  const positive = terms.filter((t) => !t.negated);
  const authors = positive.filter((t) => t.author);
  let best: Key | null = null;
  for (const t of authors.length > 0 ? authors : positive) {
    t.tokens.forEach((token, i) => {
      const prefix = t.prefix && i === t.tokens.length - 1;
      const df = tokenDf(token, prefix, stats);
      // On a tie an exact token beats a prefix (fewer lookups per paper) and a longer token a shorter one.
      if (
        !best ||
        df < best.df ||
        (df === best.df && (best.prefix > prefix || (best.prefix === prefix && token.length > best.token.length)))
      )
        best = { token, prefix, author: t.author, df };
    });
  }
  return best;
}

class KeyIndex<Id> {
  readonly exact = new Map<string, Array<CompiledFollow<Id>>>();
  readonly prefixes = new Map<string, Array<CompiledFollow<Id>>>();
  /** The lengths of the prefix keys, so a paper's token is looked up by those prefixes only. */
  prefixLengths: number[] = [];

  add(key: Key, f: CompiledFollow<Id>): void {
    const map = key.prefix ? this.prefixes : this.exact;
    const list = map.get(key.token);
    if (list) list.push(f);
    else map.set(key.token, [f]);
    if (key.prefix && !this.prefixLengths.includes(key.token.length)) this.prefixLengths.push(key.token.length);
  }

  /** The follows whose key occurs among `tokens` (distinct), each once. */
  candidates(tokens: Iterable<string>, out: Array<CompiledFollow<Id>>): void {
    const seen = new Set<string>();
    for (const tok of tokens) {
      const hit = this.exact.get(tok);
      if (hit) for (const f of hit) out.push(f);
      for (const len of this.prefixLengths) {
        if (len > tok.length) continue;
        const p = len === tok.length ? tok : tok.slice(0, len);
        const got = this.prefixes.get(p);
        if (got && !seen.has(p)) {
          seen.add(p);
          for (const f of got) out.push(f);
        }
      }
    }
  }
}

export interface Percolator<Id> {
  /** Follows indexed (those with a positive term: the others match nothing). */
  size: number;
  /** For each paper, in order, the ids of the follows that match it. */
  match(papers: readonly PaperTokens[]): Id[][];
}

export function createPercolator<Id>(follows: Iterable<CompiledFollow<Id>>, stats: TermStats): Percolator<Id> {
  const any = new KeyIndex<Id>();
  const authors = new KeyIndex<Id>();
  let size = 0;
  for (const f of follows) {
    const key = followKey(f.terms, stats);
    if (!key) continue;
    (key.author ? authors : any).add(key, f);
    size++;
  }
  return {
    size,
    match(papers) {
      return papers.map((p) => {
        const view = new PaperView(p.columns);
        const candidates: Array<CompiledFollow<Id>> = [];
        any.candidates(view.postings.keys(), candidates);
        authors.candidates(view.authorTokens, candidates);
        const out: Id[] = [];
        for (const f of candidates) if (view.matches(f.terms)) out.push(f.id);
        return out;
      });
    },
  };
}

/**
 * Term statistics from (token, df) pairs, such as the rows of search_terms. A prefix's df is estimated as the
 * search planner does: its most frequent token's df plus the others' share of the papers that lack it.
 */
export function termStats(rows: number, entries: Iterable<readonly [string, number]>): TermStats {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const terms = sorted.map((e) => e[0]);
  const dfs = new Map(sorted.map(([t, df]) => [t, df] as const));
  const sums = new Float64Array(sorted.length + 1);
  sorted.forEach(([, df], i) => (sums[i + 1] = sums[i]! + df));
  // Range maxima in O(1): level k holds the max of the 2^k terms from each position.
  const levels: Float64Array[] = [Float64Array.from(sorted, (e) => e[1])];
  for (let k = 1; 1 << k <= sorted.length; k++) {
    const prev = levels[k - 1]!;
    const half = 1 << (k - 1);
    levels.push(
      Float64Array.from({ length: sorted.length - (1 << k) + 1 }, (_, i) => Math.max(prev[i]!, prev[i + half]!)),
    );
  }
  const rangeMax = (from: number, to: number) => {
    if (to <= from) return 0;
    const k = 31 - Math.clz32(to - from);
    return Math.max(levels[k]![from]!, levels[k]![to - (1 << k)]!);
  };
  const lowerBound = (s: string) => {
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    rows,
    df: (t) => dfs.get(t) ?? 0,
    prefixDf(p) {
      const from = lowerBound(p);
      // At most 5,000 terms, as the planner reads.
      const to = Math.min(lowerBound(p + '\u{10ffff}'), from + 5000);
      const top = rangeMax(from, to);
      const total = sums[to]! - sums[from]!;
      return Math.round(top + (total - top) * Math.max(0, 1 - top / Math.max(1, rows)));
    },
  };
}
