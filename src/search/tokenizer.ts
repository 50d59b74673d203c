import type { Database } from 'better-sqlite3';
import { grown } from './grown.ts';
import { PieceTable } from './piece-table.ts';

/**
 * FTS5's own tokens for a text, computed in JS so the side index and the candidate scorer see exactly what
 * papers_fts indexed. ASCII punctuation and spaces always separate unicode61 tokens, so text is first cut
 * there (in JS, fast); each piece is then turned into tokens once by SQLite itself, through a temp FTS5 table
 * with the same tokenizer, and remembered. Porter stemming and Unicode folding thus never need re-implementing.
 * Tokens are interned as small integers, so the indexer can count with arrays instead of string maps.
 */

/**
 * Superscripts and subscripts separate tokens, as a space would: papers' math is stored as a reader writes it
 * ("∇²DFT", "xₜ"; see format/tex.ts), and "DFT" must still find it. unicode61 would glue them to the word.
 */
export const SCRIPT_SEPARATORS = '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₙₒₜₓ';

/** papers_fts's tokenizer (migration 13). */
export const TOKENIZE = `porter unicode61 remove_diacritics 2 separators '${SCRIPT_SEPARATORS}'`;

export interface Tokenizer {
  /**
   * The tokens FTS5 would index for `text`, in order. Meant for what members type (queries): its words are
   * neither interned nor added to the pieces of stored text, but kept in a small LRU of their own.
   */
  tokens(text: string | null): string[];
  /** Pieces held in memory, over the stored-text caches and the typed-word LRU. */
  cachedPieces(): number;
  /** The ids of the tokens of `text`, in order, in a buffer the next call reuses. */
  ids(text: string | null): Int32Array;
  /** How many distinct tokens have ids; ids are 0 .. count-1 and never change. */
  termCount(): number;
  term(id: number): string;
  id(term: string): number | undefined;
  /** A piece of text FTS5 turns into exactly `term`, if one was seen. */
  surface(term: string): string | undefined;
  /** The tokens of one piece of text containing no ASCII separator, given as its cache key (see `pieceKey`). */
  piece(key: string): string[];
  /**
   * The token ids of the piece `text.slice(start, end)` (no ASCII separator inside), where `lower` is
   * `text.toLowerCase()` of the same length: ASCII pieces are probed in place, without a string.
   */
  pieceIds(text: string, lower: string, start: number, end: number, ascii: boolean): readonly number[];
  /** How many pieces were resolved one by one (a round trip each) so far: a sign the cache is cold. */
  misses(): number;
  /** Resolves the pieces of many texts in one round trip. */
  prime(texts: Iterable<string | null>): void;
  /**
   * For work that began when `misses()` was `since`: once it has met more than two unknown pieces (a cold
   * cache, after a restart), the pieces of the texts still to come are resolved in one round trip rather
   * than one each.
   */
  primeIfCold(since: number, rest: () => Iterable<string | null>): void;
}

// ASCII letters lower-case the same in JS and unicode61, so ASCII pieces share one cache entry per spelling.
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const ASCII = /^[\x00-\x7f]*$/;
export const pieceKey = (piece: string) => (ASCII.test(piece) ? piece.toLowerCase() : piece);
const NONE: readonly number[] = [];
// eslint-disable-next-line no-control-regex -- ASCII separators, from NUL up
const SEPARATORS = /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/;

/**
 * `maxTyped` bounds the words members type: 20,000 is far more than the distinct words of an hour of
 * searches on a busy bot (the words that repeat stay hot), at about 100 bytes each (2 MB); a miss costs one
 * small SQLite round trip. Stored text (bounded by the corpus) is cached separately, up to `maxCached`.
 */
export function createTokenizer(db: Database, maxCached = 500_000, maxTyped = 20_000): Tokenizer {
  const tokenize = TOKENIZE.replaceAll("'", "''");
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokenize USING fts5(w, content = '', tokenize = '${tokenize}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokenize_v USING fts5vocab('temp', 'search_tokenize', 'instance');
  `);
  // Contentless, so 'delete-all' empties the index at once rather than piling up delete markers row by row.
  const clear = db.prepare("INSERT INTO temp.search_tokenize (search_tokenize) VALUES ('delete-all')");
  const insert = db.prepare('INSERT INTO temp.search_tokenize (rowid, w) VALUES (?, ?)');
  const read = db.prepare<[], [string, number, number]>('SELECT term, doc, offset FROM temp.search_tokenize_v').raw();
  // Pieces the indexer has resolved are kept in search_pieces (migration 7), so a restarted bot's first
  // searches read them (one indexed lookup per batch) instead of tokenising each new word in a round trip.
  const kept =
    db.prepare<[], number>("SELECT count(*) FROM sqlite_schema WHERE name = 'search_pieces'").pluck().get() === 1;
  const keptFind = kept
    ? db
        .prepare<[string], [string, string]>(
          'SELECT piece, tokens FROM search_pieces WHERE piece IN (SELECT value FROM json_each(?))',
        )
        .raw()
    : null;
  const keep = kept ? db.prepare('INSERT OR IGNORE INTO search_pieces (piece, tokens) VALUES (?, ?)') : null;
  // ASCII pieces (nearly all) live in the allocation-free table; pieces with other characters in a Map.
  const ascii = new PieceTable(maxCached);
  const cache = new Map<string, readonly number[]>();
  const ids = new Map<string, number>();
  const terms: string[] = [];
  // Porter is not idempotent (a stem re-stemmed may shrink again), so a term is searched for by a text that produced
  // it.
  const surfaces: string[] = [];

  const intern = (term: string, piece: string) => {
    let id = ids.get(term);
    if (id === undefined) {
      ids.set(term, (id = terms.length));
      terms.push(term);
      // Copied, not a view into the text it was cut from (which it would keep in memory).
      surfaces.push(Buffer.from(piece, 'utf8').toString('utf8'));
    }
    return id;
  };

  const remember = (p: string, got: readonly number[]) => {
    if (ASCII.test(p)) ascii.set(p, got);
    else cache.set(Buffer.from(p, 'utf8').toString('utf8'), got);
  };

  function resolve(pieces: string[]): void {
    if (cache.size + pieces.length > maxCached / 4) cache.clear();
    if (keptFind) {
      const known = new Map(keptFind.all(JSON.stringify(pieces)));
      if (known.size > 0) {
        for (const [p, toks] of known) remember(p, toks === '' ? NONE : toks.split(' ').map((t) => intern(t, p)));
        pieces = pieces.filter((p) => !known.has(p));
        if (pieces.length === 0) return;
      }
    }
    const found: Array<Array<[number, string]>> = pieces.map(() => []);
    // Only the indexer writes pieces down: it syncs inside a transaction, while a search runs outside one and
    // must never wait for the write lock (a backfill may hold it).
    const persist = keep !== null && db.inTransaction;
    // One transaction (a savepoint inside the caller's): a statement-level journal per row is what costs.
    db.transaction(() => {
      clear.run();
      pieces.forEach((p, i) => insert.run(i + 1, p));
      for (const [term, doc, offset] of read.iterate()) found[doc - 1]!.push([offset, term]);
      clear.run();
      if (persist)
        pieces.forEach((p, i) =>
          keep.run(
            p,
            found[i]!.sort((a, b) => a[0] - b[0])
              .map(([, t]) => t)
              .join(' '),
          ),
        );
    })();
    pieces.forEach((p, i) => {
      const toks = found[i]!.sort((a, b) => a[0] - b[0]);
      remember(p, toks.length === 0 ? NONE : toks.map(([, t]) => intern(t, p)));
    });
  }

  /** The tokens of one piece, from search_pieces or SQLite, remembering nothing. */
  function tokenizeOnce(piece: string): string[] {
    const kept = keptFind?.all(JSON.stringify([piece]))[0];
    if (kept) return kept[1] === '' ? [] : kept[1].split(' ');
    const found: Array<[number, string]> = [];
    db.transaction(() => {
      clear.run();
      insert.run(1, piece);
      for (const [term, , offset] of read.iterate()) found.push([offset, term]);
      clear.run();
    })();
    return found.sort((a, b) => a[0] - b[0]).map(([, t]) => t);
  }

  // Pieces of typed text that stored text has not resolved: least recently used first (a Map keeps order).
  const typed = new Map<string, readonly string[]>();
  function typedPiece(key: string): readonly string[] {
    const shared = lookup(key);
    if (shared) return shared.map((id) => terms[id]!);
    let got = typed.get(key);
    if (got) typed.delete(key);
    else got = tokenizeOnce(key);
    typed.set(key, got);
    if (typed.size > maxTyped) typed.delete(typed.keys().next().value!);
    return got;
  }

  // Ids are written into one reused buffer rather than handed to a callback per token: the callback form
  // was several times slower in the indexer, which reads every token of every paper.
  let out = new Int32Array(1024);
  let outLength = 0;
  const push = (got: readonly number[]) => {
    out = grown(out, outLength + got.length - 1);
    for (let i = 0; i < got.length; i++) out[outLength++] = got[i]!;
  };

  /**
   * Writes the token ids of `text` into `out` and returns how many; a piece never resolved (between ASCII
   * separators) is handed to `missing` by its cache key, which returns its ids. A hand-written scan: ASCII
   * is lower-cased for the whole text at once and probed in place; a piece with other characters keeps its
   * spelling, since JS and unicode61 need not fold those alike.
   */
  function scan(text: string, missing: (key: string) => readonly number[]): number {
    outLength = 0;
    const lower = text.toLowerCase();
    const aligned = lower.length === text.length;
    let start = -1;
    let plain = true;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 0;
      if (c < 128 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
        if (start >= 0) {
          if (plain && aligned) push(ascii.get(lower, start, i) ?? missing(lower.slice(start, i)));
          else {
            const k = pieceKey(text.slice(start, i));
            push(cache.get(k) ?? missing(k));
          }
        }
        start = -1;
      } else {
        if (start < 0) {
          start = i;
          plain = true;
        }
        if (c >= 128) plain = false;
      }
    }
    return outLength;
  }

  const lookup = (key: string): readonly number[] | undefined =>
    ASCII.test(key) ? ascii.get(key, 0, key.length) : cache.get(key);
  let misses = 0;
  const idsOf = (key: string): readonly number[] => {
    let got = lookup(key);
    if (got === undefined) {
      misses++;
      resolve([key]);
      got = lookup(key) ?? NONE;
    }
    return got;
  };

  const api: Tokenizer = {
    termCount: () => terms.length,
    misses: () => misses,
    term: (id) => terms[id]!,
    id: (term) => ids.get(term),
    surface: (term) => {
      const id = ids.get(term);
      return id === undefined ? undefined : surfaces[id];
    },
    piece: (key) => idsOf(key).map((id) => terms[id]!),
    pieceIds: (text, lower, start, end, plain) =>
      plain
        ? (ascii.get(lower, start, end) ?? idsOf(lower.slice(start, end)))
        : idsOf(pieceKey(text.slice(start, end))),
    prime(texts) {
      const miss = new Set<string>();
      const note = (k: string) => (miss.add(k), NONE);
      for (const text of texts) if (text) scan(text, note);
      if (miss.size > 0) resolve([...miss]);
    },
    primeIfCold(since, rest) {
      if (misses - since > 2) api.prime(rest());
    },
    ids(text) {
      return text ? out.subarray(0, scan(text, idsOf)) : out.subarray(0, 0);
    },
    tokens(text) {
      if (!text) return [];
      return text
        .split(SEPARATORS)
        .filter(Boolean)
        .flatMap((piece) => typedPiece(pieceKey(Buffer.from(piece, 'utf8').toString('utf8'))));
    },
    cachedPieces: () => ascii.size + cache.size + typed.size,
  };
  return api;
}
