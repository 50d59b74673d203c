import type { Paper } from '../papers/paper.ts';
import type { ExportRow } from './export-row.ts';

// BibTeX balances braces by counting them and ignores backslashes while doing so, so `\{` would leave
// an entry unbalanced: braces (and the backslash) become text commands whose own braces balance.
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Text made safe for a BibTeX field: LaTeX's special characters become the commands that print them,
 * and whitespace (titles often carry arXiv's line breaks) collapses to single spaces. Letters outside
 * ASCII stay as UTF-8, which biber and any UTF-8 LaTeX read. LaTeX in a title (`$\mathcal{O}(n)$`) is
 * printed as written rather than typeset: an arbitrary formula could break the file.
 */
export function escapeLatex(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}&%$#_~^]/g, (c) => LATEX_SPECIALS[c] ?? c);
}

// Letters that do not decompose under NFKD into an ASCII letter and accents.
const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower-case ASCII letters and digits only: `Łukasz Müller-Straße` → `lukaszmullerstrasse`. */
export function asciiFold(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđðþı]/g, (c) => FOLDS[c] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'for',
  'to',
  'and',
  'with',
  'from',
  'at',
  'by',
  'via',
  'into',
]);

function lastName(author: string | undefined): string {
  if (!author) return '';
  // "Last, First" when the source wrote it so; Hugging Face writes "First Last".
  const comma = author.indexOf(',');
  if (comma > 0) return asciiFold(author.slice(0, comma));
  const words = author
    .split(/\s+/)
    .map(asciiFold)
    .filter((w) => w !== '');
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1] ?? '')) words.pop();
  return words[words.length - 1] ?? '';
}

/** The publication year, else the one the arXiv id encodes (`2509.…` → 2025, `hep-th/9901…` → 1999). */
export function paperYear(paper: Pick<Paper, 'id' | 'publishedAt'>): string {
  const published = paper.publishedAt?.match(/^(\d{4})-/)?.[1];
  if (published) return published;
  const yy = paper.id.match(/^(\d{2})\d{2}\./)?.[1] ?? paper.id.match(/\/(\d{2})\d{5}$/)?.[1];
  if (yy === undefined) return '';
  const n = Number(yy);
  // New-style ids start in 2007 (0704); old-style ones ran from 1991 to 2007.
  return String(paper.id.includes('/') && n >= 91 ? 1900 + n : 2000 + n);
}

/**
 * A paper's citation key before disambiguation: first author's last name, year, first significant
 * title word (not a stopword, nor a bare number, which would run into the year), ASCII-folded
 * (`lovelace2025diffusion`). `anon` stands in for a name with no Latin letters.
 * The same paper always gets the same key.
 */
export function bibtexKey(paper: Pick<Paper, 'id' | 'title' | 'authors' | 'publishedAt'>): string {
  const word = paper.title
    .split(/\s+/)
    .map(asciiFold)
    .find((w) => /[a-z]/.test(w) && !STOPWORDS.has(w));
  return `${lastName(paper.authors[0]) || 'anon'}${paperYear(paper)}${word ?? ''}`;
}

/**
 * Keys for papers exported together, unique (case-insensitively, as BibTeX wants) and deterministic.
 * Papers whose keys would collide all get the arXiv id appended (`lovelace2025diffusion-2509.04664`,
 * `/` written as `.`), so which one gets the plain key never depends on the order of the export.
 * A paper listed twice keeps one key.
 */
export function bibtexKeys(papers: ReadonlyArray<Pick<Paper, 'id' | 'title' | 'authors' | 'publishedAt'>>): string[] {
  const base = papers.map(bibtexKey);
  const idsByKey = new Map<string, Set<string>>();
  papers.forEach((p, i) => {
    const key = base[i] ?? '';
    idsByKey.set(key, (idsByKey.get(key) ?? new Set()).add(p.id));
  });
  return papers.map((p, i) => {
    const key = base[i] ?? '';
    return (idsByKey.get(key)?.size ?? 0) > 1 ? `${key}-${p.id.toLowerCase().replaceAll('/', '.')}` : key;
  });
}

/** An author for BibTeX's `and`-separated list; a name with a comma or a lone "and" is braced whole. */
function bibtexAuthor(name: string): string {
  const escaped = escapeLatex(name);
  return /,|\band\b/i.test(escaped) ? `{${escaped}}` : escaped;
}

/**
 * The papers as BibTeX `@misc` entries in arXiv's recommended form (eprint, archivePrefix, and
 * primaryClass for old-style ids, whose archive is their class). The title is wrapped in a second pair
 * of braces so styles keep its capitalisation as written ("LLM", "GPT-4", "ViT") instead of lower-casing it.
 */
export function toBibtex(rows: ReadonlyArray<Pick<ExportRow, 'paper'>>): string {
  const papers = rows.map((r) => r.paper);
  const keys = bibtexKeys(papers);
  const seen = new Set<string>();
  const entries: string[] = [];
  papers.forEach((p, i) => {
    const key = keys[i] ?? '';
    if (seen.has(key)) return;
    seen.add(key);
    const fields: Array<[string, string]> = [['title', `{${escapeLatex(p.title)}}`]];
    const authors = p.authors.map((a) => a.trim()).filter((a) => a !== '');
    if (authors.length > 0) fields.push(['author', authors.map(bibtexAuthor).join(' and ')]);
    const year = paperYear(p);
    if (year) fields.push(['year', year]);
    fields.push(['eprint', p.id], ['archivePrefix', 'arXiv']);
    const archive = p.id.match(/^([^/]+)\//)?.[1];
    if (archive) fields.push(['primaryClass', archive]);
    fields.push(['url', `https://arxiv.org/abs/${p.id}`]);
    entries.push(`@misc{${key},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')}\n}\n`);
  });
  return entries.join('\n');
}
