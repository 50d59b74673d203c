import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, toCsv } from '../../src/export/csv.ts';
import { toJson, type PaperExport } from '../../src/export/json.ts';
import { parseCsv } from './readers.ts';
import { row } from './rows.ts';

const tricky = row(
  '2509.04664',
  {
    title: 'Commas, "quotes"\r\nand lines\nin one title',
    authors: ['Ada, Countess of Lovelace', 'Alan "AMT" Turing'],
    aiSummary: '=HYPERLINK("http://evil.example","click")',
    githubRepo: null,
  },
  { serverVotes: 3, votedAt: '2025-09-10T12:00:00.000Z' },
);

describe('toCsv', () => {
  it('writes RFC 4180 that reads back to the same values', () => {
    const text = toCsv([tricky, row('2509.00002', { aiSummary: 'plain' })]);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, first, second, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    expect(header).toEqual([...CSV_COLUMNS]);
    const get = (r: string[] | undefined, col: (typeof CSV_COLUMNS)[number]) => r?.[CSV_COLUMNS.indexOf(col)];
    expect(get(first, 'title')).toBe('Commas, "quotes"\r\nand lines\nin one title');
    expect(get(first, 'authors')).toBe('Ada, Countess of Lovelace; Alan "AMT" Turing');
    expect(get(first, 'serverVotes')).toBe('3');
    expect(get(first, 'votedAt')).toBe('2025-09-10T12:00:00.000Z');
    expect(get(first, 'githubRepo')).toBe('');
    expect(get(first, 'absUrl')).toBe('https://arxiv.org/abs/2509.04664');
    expect(get(first, 'pdfUrl')).toBe('https://arxiv.org/pdf/2509.04664');
    expect(get(first, 'hfUrl')).toBe('https://huggingface.co/papers/2509.04664');
    expect(get(second, 'aiSummary')).toBe('plain');
    expect(first).toHaveLength(CSV_COLUMNS.length);
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const [, first] = parseCsv(toCsv([tricky]));
    expect(first?.[CSV_COLUMNS.indexOf('aiSummary')]).toBe('\'=HYPERLINK("http://evil.example","click")');
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvField(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('1-1=0')).toBe('1-1=0');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
  });

  it('quotes exactly the fields that need it', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('toJson', () => {
  it('writes the documented PaperExport', () => {
    const text = toJson([tricky, row('2509.00002', { githubRepo: 'https://github.com/x/y', publishedAt: null })]);
    const doc = JSON.parse(text) as PaperExport;
    expect(doc.version).toBe(1);
    expect(doc.papers).toHaveLength(2);
    const [first, second] = doc.papers;
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        'aiSummary',
        'authors',
        'githubRepo',
        'hfUpvotes',
        'id',
        'publishedAt',
        'serverVotes',
        'title',
        'urls',
        'votedAt',
      ].sort(),
    );
    expect(first).toEqual({
      id: '2509.04664',
      title: 'Commas, "quotes"\r\nand lines\nin one title',
      authors: ['Ada, Countess of Lovelace', 'Alan "AMT" Turing'],
      publishedAt: '2025-09-04T21:26:31.000Z',
      hfUpvotes: 1,
      serverVotes: 3,
      votedAt: '2025-09-10T12:00:00.000Z',
      urls: {
        hf: 'https://huggingface.co/papers/2509.04664',
        abs: 'https://arxiv.org/abs/2509.04664',
        pdf: 'https://arxiv.org/pdf/2509.04664',
      },
      githubRepo: null,
      aiSummary: '=HYPERLINK("http://evil.example","click")',
    });
    expect(second).toMatchObject({
      id: '2509.00002',
      publishedAt: null,
      votedAt: null,
      githubRepo: 'https://github.com/x/y',
    });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes an empty list for no rows', () => {
    expect(JSON.parse(toJson([]))).toEqual({ version: 1, papers: [] });
  });
});
