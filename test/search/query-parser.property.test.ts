import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { matchExpression } from '../../src/search/fts-query.ts';
import { TOKENIZE } from '../../src/search/tokenizer.ts';
import {
  MAX_PHRASE_WORDS,
  MAX_QUERY_CHARS,
  MAX_TERMS,
  parseQuery,
  positiveTerms,
  words,
  type ParsedQuery,
} from '../../src/search/query-parser.ts';

// The papers_fts column layout of migration 1 and tokenizer of migration 13 (src/db/migrations.ts), in memory.
const db = new BetterSqlite3(':memory:');
db.exec(
  'CREATE VIRTUAL TABLE f USING fts5(title, ai_keywords, ai_summary, abstract, authors, ' +
    `tokenize = '${TOKENIZE.replaceAll("'", "''")}')`,
);
db.exec("INSERT INTO f VALUES ('near and or not', 'x', 'AND OR', 'y', '[\"Ada Lovelace\"]')");
const countMatches = db.prepare<[string], number>('SELECT count(*) FROM f WHERE f MATCH ?').pluck();
const insertDoc = db.prepare('INSERT INTO f (rowid, title, authors) VALUES (?, ?, ?)');
// Not `MATCH ? AND rowid = ?`: FTS5 (SQLite 3.53) ignores a rowid constraint bound as a REAL, which is how
// better-sqlite3 binds a JS number, and returns every matching row.
const matching = db.prepare<[string], number>('SELECT rowid FROM f WHERE f MATCH ?').pluck();
const deleteDoc = db.prepare('DELETE FROM f WHERE rowid = ?');
afterAll(() => db.close());

/** Pieces of text a member (or an attacker) might type: FTS5 syntax, our own syntax, Unicode oddities. */
const SOUP = [
  ' ',
  '  ',
  '\t',
  '\n',
  '-',
  '--',
  '"',
  '""',
  'author:',
  'AUTHOR:',
  'author:"',
  '-author:',
  'title:',
  '{authors}:',
  '{title abstract}:',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'NEAR(',
  ')',
  '(',
  '*',
  '^',
  '+',
  ':',
  ',',
  "'",
  '\\',
  '\u0000',
  '\u0007',
  '\u200b',
  '\u00a0',
  'É',
  'ﬁ',
  'ǅ',
  'İ',
  'ß',
  'Σ',
  '½',
  '①',
  'ﷺ',
  '😀',
  '\u0301',
  '\ud800',
  '\udfff',
  '模型',
  'x',
  'ab',
  'GPT-4o',
  'state-of-the-art',
  '²',
  'ₜ',
  '∇²DFT',
];
const soup = fc
  .array(fc.oneof(fc.constantFrom(...SOUP), fc.string({ unit: 'grapheme-ascii', maxLength: 6 })), { maxLength: 30 })
  .map((a) => a.join(''));
/** Any string at all: full Unicode (astral planes), lone surrogates, graphemes, and syntax-heavy soup. */
const anyInput = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  soup,
);

/** The canonical spelling of a parsed query: every term quoted, the prefix term left open so it stays a prefix. */
const render = (q: ParsedQuery): string =>
  q.terms
    .map((t) => `${t.negated ? '-' : ''}${t.author ? 'author:' : ''}"${t.words.join(' ')}${t.prefix ? '' : '"'}`)
    .join(' ');

/** The FTS5 string literals of a MATCH expression, unescaped, and what is left outside them. */
function splitLiterals(expr: string): { literals: string[]; outside: string } {
  const literals: string[] = [];
  const outside = expr.replace(/"((?:[^"]|"")*)"/g, (_, body: string) => {
    literals.push(body.replaceAll('""', '"'));
    return 'S';
  });
  return { literals, outside };
}

describe('query parser properties', () => {
  it('never throws, and keeps its output within the documented shape for any input', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const q = parseQuery(input);
        expect(q.terms.length).toBeLessThanOrEqual(MAX_TERMS);
        for (const t of q.terms) {
          expect(t.words.length).toBeGreaterThan(0);
          expect(t.words.length).toBeLessThanOrEqual(MAX_PHRASE_WORDS);
          // Each word is a single folded unicode61 word: only letters and digits, already folded.
          for (const w of t.words) {
            expect(w).toMatch(/^[\p{L}\p{N}]+$/u);
            expect(words(w)).toEqual([w]);
          }
        }
        // At most one prefix term: the last one, positive, and only when nothing was cut off.
        const prefixed = q.terms.filter((t) => t.prefix);
        expect(prefixed.length).toBeLessThanOrEqual(1);
        if (prefixed.length === 1) {
          expect(q.terms.at(-1)).toBe(prefixed[0]);
          expect(prefixed[0]!.negated).toBe(false);
          expect(q.truncated).toBe(false);
        }
        if (input.length > MAX_QUERY_CHARS) expect(q.truncated).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('builds a MATCH expression whose only member text is inside FTS5 strings, holding exactly the parsed words', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const q = parseQuery(input);
        const m = matchExpression(q.terms);
        if (positiveTerms(q).length === 0) {
          expect(m).toBeNull();
          return;
        }
        expect(m).not.toBeNull();
        const { literals, outside } = splitLiterals(m!);
        // Outside the strings only the expression's own syntax is left.
        expect(outside).toMatch(/^(?:[() ]|AND|OR|NOT|\{authors\}:|S\*?)*$/);
        const texts = (neg: boolean) => q.terms.filter((t) => t.negated === neg).map((t) => t.words.join(' '));
        expect(literals).toEqual([...texts(false), ...texts(true)]);
      }),
      { numRuns: 300 },
    );
  });

  it('never produces a MATCH expression that a real FTS5 table rejects', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const m = matchExpression(parseQuery(input).terms);
        if (m !== null) expect(() => countMatches.get(m)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('parses its own canonical rendering back to the same query', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const q = parseQuery(input);
        fc.pre(!q.truncated);
        const again = render(q);
        fc.pre(again.length <= MAX_QUERY_CHARS);
        expect(parseQuery(again)).toEqual(q);
      }),
      { numRuns: 300 },
    );
  });
});

// Structured queries, for properties that need to know what the member meant. Word letters are consonants
// other than s and y (with and without diacritics): Porter needs a vowel to strip any suffix but a final s,
// so these words index as themselves and a phrase is found exactly where its words are.
const LETTERS = [...'bcdfghjklmnpqrtvwxzBCDFGHJKLMNPQRTVWXZçñřžĆĐ'];
const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
/** Digit words never share a token with letter words: used for exclusions, so they are absent unless put there. */
const digitWord = fc.stringMatching(/^[0-9]{1,4}$/);

interface Spec {
  words: string[];
  negated: boolean;
  author: boolean;
  /** Typed in quotes (else a bare word, joined by punctuation when there are several words). */
  quoted: boolean;
  /** For the last term only: an opening quote without its closing one. */
  open: boolean;
  joiner: string;
}

const spec = (negated: boolean) =>
  fc.record({
    words: fc.array(negated ? digitWord : word, { minLength: 1, maxLength: 4 }),
    negated: fc.constant(negated),
    author: fc.boolean(),
    quoted: fc.boolean(),
    open: fc.boolean(),
    // Superscripts and subscripts join words as punctuation does ("∇²DFT" is ∇, DFT), in the index and the query.
    joiner: fc.constantFrom('-', '.', '/', "'", '+', '_', '²', 'ₜ'),
  });
const specs = fc
  .tuple(fc.array(spec(false), { maxLength: 5 }), fc.array(spec(true), { maxLength: 3 }))
  .chain(([pos, neg]) => fc.shuffledSubarray([...pos, ...neg], { minLength: pos.length + neg.length }));

function typed(specs: Spec[]): string {
  return specs
    .map((s, i) => {
      const head = `${s.negated ? '-' : ''}${s.author ? 'author:' : ''}`;
      if (!s.quoted) return head + s.words.join(s.joiner);
      const open = s.open && i === specs.length - 1;
      return `${head}"${s.words.join(' ')}${open ? '' : '"'}`;
    })
    .join(' ');
}

const fold = (w: string) => w.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

describe('query parser properties on structured queries', () => {
  it('reads back every term the member typed: words folded, exclusions, authors, prefix on an unfinished last word', () => {
    fc.assert(
      fc.property(specs, (ss) => {
        const q = parseQuery(typed(ss));
        expect(q.truncated).toBe(false);
        const last = ss.at(-1);
        const prefixLast = last !== undefined && !last.negated && (!last.quoted || last.open);
        expect(q.terms).toEqual(
          ss.map((s, i) => ({
            words: s.words.map(fold),
            negated: s.negated,
            author: s.author,
            prefix: prefixLast && i === ss.length - 1,
          })),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('finds a paper holding the typed words, and not one that also holds an excluded phrase or lacks the author', () => {
    let rowid = 1000;
    fc.assert(
      fc.property(specs, fc.integer({ min: 0, max: 7 }), (ss, pick) => {
        const q = parseQuery(typed(ss));
        const m = matchExpression(q.terms);
        const pos = ss.filter((s) => !s.negated);
        const neg = ss.filter((s) => s.negated);
        if (pos.length === 0) {
          expect(m).toBeNull();
          return;
        }
        // As typed (case and diacritics included): FTS5 folds the paper's text as the parser folded the query.
        const phrase = (s: Spec) => s.words.join(' ');
        const title = pos.filter((s) => !s.author).map(phrase);
        const authors = pos.filter((s) => s.author).map(phrase);
        const check = (titleParts: string[], authorParts: string[], expected: boolean) => {
          const id = rowid++;
          insertDoc.run(id, titleParts.join(' , '), authorParts.join(' , '));
          try {
            expect(matching.all(m!).includes(id), `${m} on ${JSON.stringify([titleParts, authorParts])}`).toBe(
              expected,
            );
          } finally {
            deleteDoc.run(id);
          }
        };
        check(title, authors, true);
        if (neg.length > 0) {
          const excluded = neg[pick % neg.length]!;
          // An excluded phrase anywhere it applies (the authors column for author:) hides the paper.
          check(
            excluded.author ? title : [...title, phrase(excluded)],
            excluded.author ? [...authors, phrase(excluded)] : authors,
            false,
          );
        }
        if (authors.length > 0) {
          // author: terms match in the authors column only: the same words in the title do not count.
          check([...title, ...authors], [], false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
