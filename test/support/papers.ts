import type { DailyEntry, Paper } from '../../src/papers/paper.ts';

/** A stored paper with plausible defaults, for tests that start from the store rather than from Hugging Face. */
export function paper(id: string, over: Partial<Paper> = {}): Paper {
  return {
    id,
    title: `Paper ${id}`,
    abstract: `Abstract of ${id}.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    publishedAt: '2025-09-04T21:26:31.000Z',
    hfUpvotes: 1,
    numComments: 0,
    aiSummary: null,
    aiKeywords: [],
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    thumbnail: null,
    organization: null,
    ...over,
  };
}

export const listedOn = (day: string, p: Paper): DailyEntry => ({ day, paper: p, submittedAt: null, submittedBy: null });
