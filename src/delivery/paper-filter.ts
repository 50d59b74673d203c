import type { Paper } from '../papers/paper.ts';

// Whole-word matching: text and terms are folded to lower-case letters and digits separated by single
// spaces, so "RL" does not match "world" and "reinforcement learning" matches across punctuation.
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export const MAX_TERMS = 20;
export const MAX_TERM_LENGTH = 100;

/** "diffusion, reinforcement learning" -> ['diffusion', 'reinforcement learning']; folded, unique, bounded. */
export function parseTerms(input: string | null | undefined): string[] {
  if (!input) return [];
  const terms = input
    .split(/[,;\n]/)
    .map((t) => fold(t).slice(0, MAX_TERM_LENGTH).trim())
    .filter(Boolean);
  return [...new Set(terms)].slice(0, MAX_TERMS);
}

function searchableText(p: Paper): string {
  return ` ${fold([p.title, p.aiKeywords.join(', '), p.aiSummary ?? '', p.abstract].join(' \n '))} `;
}

/** Include: any one term must appear (none given: everything passes). Exclude: no term may appear. */
export function passesTerms(paper: Paper, include: readonly string[], exclude: readonly string[]): boolean {
  if (include.length === 0 && exclude.length === 0) return true;
  const text = searchableText(paper);
  const has = (term: string) => text.includes(` ${term} `);
  return (include.length === 0 || include.some(has)) && !exclude.some(has);
}
