import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bibtexKeys, toBibtex } from '../../src/export/bibtex.ts';
import { CSV_COLUMNS, toCsv } from '../../src/export/csv.ts';
import type { ExportRow } from '../../src/export/export-row.ts';
import { toJson } from '../../src/export/json.ts';
import { normalizeArxivId } from '../../src/papers/arxiv-id.ts';
import { parseBibtex, parseCsv } from './readers.ts';
import { row } from './rows.ts';

// ---------------------------------------------------------------------------------------------------------
// Generators

/** Canonical arXiv ids, both schemes (what the paper store holds: ids come through normalizeArxivId). */
const newStyleId = fc
  .record({
    yy: fc.integer({ min: 7, max: 99 }),
    mm: fc.integer({ min: 1, max: 12 }),
    n: fc.integer({ min: 1, max: 99_999 }),
  })
  .map(({ yy, mm, n }) => {
    const yymm = yy * 100 + mm;
    const digits = yymm >= 1501 ? 5 : 4;
    const prefix = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}`;
    return `${prefix}.${String(n % 10 ** digits).padStart(digits, '0')}`;
  });
const oldStyleId = fc
  .tuple(
    fc.constantFrom('hep-th', 'math', 'math.CA', 'cond-mat', 'astro-ph', 'cs.AI', 'q-bio.NC'),
    fc.integer({ min: 0, max: 9_999_999 }),
  )
  .map(([archive, n]) => `${archive}/${String(n).padStart(7, '0')}`);
const arxivId = fc.oneof(newStyleId, oldStyleId).filter((id) => normalizeArxivId(id) === id);

/** Text as it arrives from Hugging Face or a hostile uploader: any Unicode, CSV/JSON/LaTeX specials, line breaks. */
const SPECIALS = [
  '"',
  ',',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '  ',
  '=',
  '+',
  '-',
  '@',
  "'",
  '\\',
  '{',
  '}',
  '&',
  '%',
  '$',
  '#',
  '_',
  '~',
  '^',
  ' and ',
  'AND',
  '\u00a0',
  '\u2028',
  'é',
  '模型',
  '😀',
];
const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .array(fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: 'grapheme-ascii', maxLength: 5 })), {
      maxLength: 12,
    })
    .map((a) => a.join('')),
);
/** A small pool, so generated papers often share a citation key and have to be told apart. */
const commonText = fc.constantFrom('Attention', 'The Transformer', 'On Scaling', 'Diffusion models', '');
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const isoDate = fc
  .date({ min: new Date('1991-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const paperFields = fc.record({
  title: fc.oneof(nastyText, commonText),
  authors: fc.array(fc.oneof(nastyText, fc.constantFrom('Ada Lovelace', 'Łukasz Kaiser', 'Smith, John')), {
    maxLength: 4,
  }),
  publishedAt: nullable(fc.oneof(isoDate, fc.constant('2025-09-04T21:26:31.000Z'))),
  hfUpvotes: fc.integer({ min: -5, max: 10_000 }),
  aiSummary: nullable(nastyText),
  githubRepo: nullable(nastyText),
});
const extraFields = fc.record({
  serverVotes: fc.integer({ min: -3, max: 1_000 }),
  votedAt: nullable(fc.oneof(isoDate, nastyText)),
});

/** Export rows for distinct papers; some papers appear twice (same paper, as a vote list can repeat it). */
const exportRows: fc.Arbitrary<ExportRow[]> = fc
  .uniqueArray(fc.tuple(arxivId, paperFields, extraFields), { selector: ([id]) => id, maxLength: 8 })
  .chain((ps) => {
    const rows = ps.map(([id, over, extra]) => row(id, over, extra));
    return fc
      .tuple(fc.constant(rows), fc.subarray(rows))
      .chain(([all, again]) => fc.shuffledSubarray([...all, ...again], { minLength: all.length + again.length }));
  });

// ---------------------------------------------------------------------------------------------------------
// Independent readers

const ESCAPES: Record<string, string> = {
  '\\textbackslash{}': '\\',
  '\\textbraceleft{}': '{',
  '\\textbraceright{}': '}',
  '\\textasciitilde{}': '~',
  '\\textasciicircum{}': '^',
  '\\&': '&',
  '\\%': '%',
  '\\$': '$',
  '\\#': '#',
  '\\_': '_',
};
const ESCAPE =
  /\\(?:textbackslash\{\}|textbraceleft\{\}|textbraceright\{\}|textasciitilde\{\}|textasciicircum\{\}|[&%$#_])/g;
/** LaTeX-escaped text back to what it prints; throws on a special character that is not part of an escape. */
function unescapeLatex(s: string): string {
  const bare = s.replace(ESCAPE, '').match(/[\\{}&%$#_~^]/);
  if (bare) throw new Error(`bare ${JSON.stringify(bare[0])} in ${JSON.stringify(s)}`);
  return s.replace(ESCAPE, (e) => ESCAPES[e]!);
}
/** What a BibTeX field keeps of text: runs of whitespace become one space, none at the ends. */
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Splits a BibTeX author list as BibTeX does: on `and` between spaces, outside braces, in any case. */
function splitAuthors(field: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < field.length; i++) {
    if (field[i] === '{') depth++;
    else if (field[i] === '}') depth--;
    else if (depth === 0) {
      const m = /^\s+and\s+/i.exec(field.slice(i));
      if (m && i > start) {
        names.push(field.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  names.push(field.slice(start));
  return names;
}

// ---------------------------------------------------------------------------------------------------------

const FORMULA = /^[=+\-@\t\r]/;
/** The documented CSV cell for a value: text as is, after a `'` when a spreadsheet would run it as a formula. */
const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return FORMULA.test(s) ? `'${s}` : s;
};

describe('CSV export properties', () => {
  it('reads back, through an RFC 4180 reader, to one record per row holding every value', () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        const records = parseCsv(toCsv(rows));
        expect(records).toHaveLength(rows.length + 1);
        expect(records[0]).toEqual([...CSV_COLUMNS]);
        expect(records.slice(1)).toEqual(
          rows.map(({ paper: p, serverVotes, votedAt }) =>
            [
              p.id,
              p.title,
              p.authors.join('; '),
              p.publishedAt,
              p.hfUpvotes,
              serverVotes,
              votedAt,
              `https://huggingface.co/papers/${p.id}`,
              `https://arxiv.org/abs/${p.id}`,
              `https://arxiv.org/pdf/${p.id}`,
              p.githubRepo,
              p.aiSummary,
            ].map(cell),
          ),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('never writes a cell a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        expect(
          parseCsv(toCsv(rows))
            .flat()
            .filter((c) => FORMULA.test(c)),
        ).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('JSON export properties', () => {
  it('parses back to exactly the documented fields of every row, in order', () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        const text = toJson(rows);
        expect(text.endsWith('\n')).toBe(true);
        expect(JSON.parse(text)).toEqual({
          version: 1,
          papers: rows.map(({ paper: p, serverVotes, votedAt }) => ({
            id: p.id,
            title: p.title,
            authors: p.authors,
            publishedAt: p.publishedAt,
            hfUpvotes: p.hfUpvotes,
            serverVotes,
            votedAt,
            urls: {
              hf: `https://huggingface.co/papers/${p.id}`,
              abs: `https://arxiv.org/abs/${p.id}`,
              pdf: `https://arxiv.org/pdf/${p.id}`,
            },
            githubRepo: p.githubRepo,
            aiSummary: p.aiSummary,
          })),
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('BibTeX export properties', () => {
  it('writes one well-formed entry per distinct paper, with unique keys', () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        // parseBibtex throws on unbalanced braces, a bad key or a malformed field.
        const entries = parseBibtex(toBibtex(rows));
        const ids = [...new Set(rows.map((r) => r.paper.id))];
        expect(entries).toHaveLength(ids.length);
        // In order of first appearance, none dropped, none repeated.
        expect(entries.map((e) => e.fields.get('eprint'))).toEqual(ids);
        const keys = entries.map((e) => e.key.toLowerCase());
        expect(new Set(keys).size).toBe(keys.length);
        for (const e of entries) {
          expect(e.type).toBe('misc');
          expect(e.fields.get('url')).toBe(`https://arxiv.org/abs/${e.fields.get('eprint')}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('escapes every LaTeX special in titles and authors, and the escaped text prints the original', () => {
    fc.assert(
      fc.property(exportRows, (rows) => {
        const entries = parseBibtex(toBibtex(rows));
        const byId = new Map(rows.map((r) => [r.paper.id, r.paper]));
        for (const e of entries) {
          const p = byId.get(e.fields.get('eprint')!)!;
          const title = e.fields.get('title')!;
          // Wrapped in a second pair of braces that keeps the capitals.
          expect(title.startsWith('{') && title.endsWith('}')).toBe(true);
          expect(unescapeLatex(title.slice(1, -1))).toBe(collapse(p.title));
          const authors = p.authors.map((a) => a.trim()).filter((a) => a !== '');
          const field = e.fields.get('author');
          if (authors.length === 0) {
            expect(field).toBeUndefined();
            continue;
          }
          // BibTeX splits the list into exactly the paper's authors; a name it would split or invert is braced whole.
          const names = splitAuthors(field!);
          expect(names).toHaveLength(authors.length);
          names.forEach((name, i) => {
            // Escaped text has no bare brace, so a leading one can only be the wrapping pair.
            const wrapped = name.startsWith('{') && name.endsWith('}');
            if (!wrapped) expect(name).not.toContain(',');
            expect(unescapeLatex(wrapped ? name.slice(1, -1) : name)).toBe(collapse(authors[i]!));
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives each paper the same key whatever the order of the export', () => {
    fc.assert(
      fc.property(
        exportRows.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))),
        ([rows, shuffled]) => {
          const keyOf = (rs: ExportRow[]) => {
            const ps = rs.map((r) => r.paper);
            return new Map(bibtexKeys(ps).map((k, i) => [ps[i]!.id, k]));
          };
          expect(keyOf(shuffled)).toEqual(keyOf(rows));
        },
      ),
      { numRuns: 200 },
    );
  });
});
