import { arxivLinks } from './arxiv-id.ts';
import type { Paper } from './paper.ts';
import { firstSentences, formatAuthors } from '../format/text.ts';

/** What a post says about a paper: HF's AI summary when there is one, else the abstract's opening. */
export function paperBlurb(paper: Paper, max = 350): string {
  return paper.aiSummary ? firstSentences(paper.aiSummary, max) : firstSentences(paper.abstract, max) || 'No abstract.';
}

/** A paper as plain text for a terminal: the same facts a Discord post shows. */
export function paperAsText(paper: Paper, rank: number): string {
  const links = arxivLinks(paper.id);
  const counts = [`▲ ${paper.hfUpvotes}`, `💬 ${paper.numComments}`];
  if (paper.githubStars !== null) counts.push(`★ ${paper.githubStars}`);
  const lines = [
    `${rank}. ${paper.title}`,
    `   ${formatAuthors(paper.authors)}${paper.organization ? ` · ${paper.organization}` : ''}`,
    `   ${counts.join('  ')}${paper.publishedAt ? `  · ${paper.publishedAt.slice(0, 10)}` : ''}`,
    ...wrap(paperBlurb(paper), 76).map((l) => `   ${l}`),
    `   ${links.hf}  ${links.pdf}${paper.githubRepo ? `  ${paper.githubRepo}` : ''}`,
  ];
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
