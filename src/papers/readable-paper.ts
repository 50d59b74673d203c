import { readableTex } from '../format/tex.ts';
import type { Paper } from './paper.ts';

/**
 * The paper's text as it is stored, shown and searched: its LaTeX made readable (format/tex.ts), so "St\"utz"
 * is shown and found as "Stütz". Rows stored before this are rewritten the same way by migration 13.
 */
export const readablePaper = (p: Paper): Paper => ({
  ...p,
  title: readableTex(p.title),
  abstract: readableTex(p.abstract),
  authors: p.authors.map(readableTex),
  aiSummary: p.aiSummary === null ? null : readableTex(p.aiSummary),
  aiKeywords: p.aiKeywords.map(readableTex),
});
