import { describe, expect, it } from 'vitest';
import { bibtexKey, bibtexKeys, escapeLatex, paperYear, toBibtex } from '../../src/export/bibtex.ts';
import { parseBibtex } from './readers.ts';
import { row } from './rows.ts';

const KNOWN_ESCAPES =
  /\\(?:[&%$#_]|textbackslash\{\}|textbraceleft\{\}|textbraceright\{\}|textasciitilde\{\}|textasciicircum\{\})/g;
/** What is left of escaped text once its escapes are taken out: no special character may remain. */
const unescaped = (s: string) => s.replace(KNOWN_ESCAPES, '');

describe('escapeLatex', () => {
  it('escapes every LaTeX special, keeping braces balanced for BibTeX', () => {
    const out = escapeLatex('50% & $x_1$ {braces} ~ ^ \\ #1');
    expect(out).toBe(
      '50\\% \\& \\$x\\_1\\$ \\textbraceleft{}braces\\textbraceright{} ' +
        '\\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\#1',
    );
    expect(unescaped(out)).not.toMatch(/[\\{}&%$#_~^]/);
  });

  it('keeps non-ASCII letters and collapses whitespace', () => {
    expect(escapeLatex('  Müller\n  and   Ørsted 模型 ')).toBe('Müller and Ørsted 模型');
  });
});

describe('bibtex keys', () => {
  it('are last name, year and first significant title word, ASCII-folded', () => {
    expect(
      bibtexKey(row('2509.04664', { authors: ['Łukasz Kaiser', 'B'], title: 'The Ünïque Transformer' }).paper),
    ).toBe('kaiser2025unique');
    expect(bibtexKey(row('2509.04664', { authors: ['Hans Straße Jr.'], title: 'On Attention' }).paper)).toBe(
      'strasse2025attention',
    );
    expect(bibtexKey(row('2509.04664', { authors: ['Smith, John'], title: 'LLM-Agents: a survey' }).paper)).toBe(
      'smith2025llmagents',
    );
    expect(bibtexKey(row('2509.04664', { authors: ['王小明'], title: '模型' }).paper)).toBe('anon2025');
    expect(bibtexKey(row('2509.04664', { title: 'A 1000 Layer 3D Network' }).paper)).toBe('lovelace2025layer');
  });

  it('take the year from the arXiv id when the publication date is unknown', () => {
    expect(paperYear({ id: '2401.00001', publishedAt: null })).toBe('2024');
    expect(paperYear({ id: 'hep-th/9901001', publishedAt: null })).toBe('1999');
    expect(paperYear({ id: 'math.CA/0611800', publishedAt: null })).toBe('2006');
    expect(paperYear({ id: '2401.00001', publishedAt: '2023-12-31T23:00:00Z' })).toBe('2023');
  });

  it('are stable across calls and unique when papers collide, whatever the order', () => {
    const a = row('2509.00001', { title: 'Scaling laws' }).paper;
    const b = row('2509.00002', { title: 'Scaling laws revisited' }).paper;
    const c = row('2509.00003', { title: 'Diffusion' }).paper;
    const keys = bibtexKeys([a, b, c]);
    expect(keys).toEqual(['lovelace2025scaling-2509.00001', 'lovelace2025scaling-2509.00002', 'lovelace2025diffusion']);
    expect(bibtexKeys([c, b, a])).toEqual([...keys].reverse());
    expect(bibtexKeys([a, b, c])).toEqual(keys);
    expect(
      bibtexKeys([
        row('hep-th/9901001', { publishedAt: null }).paper,
        row('hep-th/9901002', { publishedAt: null }).paper,
      ]),
    ).toEqual(['lovelace1999paper-hep-th.9901001', 'lovelace1999paper-hep-th.9901002']);
  });
});

describe('toBibtex', () => {
  const nasty = row('2509.04664', {
    title: '50% & $x_1$ {braces} ~ ^ \\ in #LLMs',
    authors: ['Zoë Müller', 'Jean-Luc Picard', 'Ben and Jerry', 'O_Connor {X}'],
    publishedAt: '2025-09-04T21:26:31.000Z',
  });

  it('writes valid @misc entries with every field, specials escaped, capitals protected', () => {
    const text = toBibtex([nasty, row('2509.00002'), row('hep-th/9901001', { publishedAt: null })]);
    const entries = parseBibtex(text);
    expect(entries.map((e) => e.key)).toEqual(['muller2025x1', 'lovelace2025paper', 'lovelace1999paper']);
    for (const e of entries) {
      expect(e.type).toBe('misc');
      for (const f of ['title', 'author', 'year', 'eprint', 'archivePrefix', 'url'])
        expect(e.fields.has(f), f).toBe(true);
      expect(e.fields.get('archivePrefix')).toBe('arXiv');
      expect(e.fields.get('url')).toBe(`https://arxiv.org/abs/${e.fields.get('eprint')}`);
      // The title sits in a second pair of braces.
      expect(e.fields.get('title')).toMatch(/^\{.*\}$/);
      expect(unescaped(e.fields.get('title')?.slice(1, -1) ?? '')).not.toMatch(/[\\{}&%$#_~^]/);
    }
    const first = entries[0];
    expect(first?.fields.get('title')).toBe(`{${escapeLatex('50% & $x_1$ {braces} ~ ^ \\ in #LLMs')}}`);
    expect(first?.fields.get('author')).toBe(
      'Zoë Müller and Jean-Luc Picard and {Ben and Jerry} and O\\_Connor \\textbraceleft{}X\\textbraceright{}',
    );
    expect(first?.fields.get('year')).toBe('2025');
    expect(first?.fields.get('eprint')).toBe('2509.04664');
    expect(first?.fields.has('primaryClass')).toBe(false);
    expect(entries[2]?.fields.get('primaryClass')).toBe('hep-th');
    expect(entries[2]?.fields.get('year')).toBe('1999');
  });

  it('gives colliding papers unique keys and the same output every time', () => {
    const rows = [
      row('2509.00001'),
      row('2509.00001'),
      row('2509.00002'),
      row('2509.00003', { title: 'Another paper' }),
    ];
    const text = toBibtex(rows);
    const keys = parseBibtex(text).map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(['lovelace2025paper-2509.00001', 'lovelace2025paper-2509.00002', 'lovelace2025another']);
    expect(toBibtex(rows)).toBe(text);
  });

  it('omits the author field when there is none, and writes nothing for no papers', () => {
    const [entry] = parseBibtex(toBibtex([row('2509.00001', { authors: [] })]));
    expect(entry?.key).toBe('anon2025paper');
    expect(entry?.fields.has('author')).toBe(false);
    expect(toBibtex([])).toBe('');
  });

  it('is caught by the checker when braces do not balance', () => {
    expect(() => parseBibtex('@misc{k,\n  title = {{a \\{ b}}\n}\n')).toThrow(/unbalanced|expected/);
  });
});
