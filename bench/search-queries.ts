import type { Paper } from '../src/papers/paper.ts';
import { createRandom, type Corpus } from './search-corpus.ts';

/** The benchmark's query classes, drawn deterministically from the corpus. */
export interface QueryClass {
  name: string;
  queries: string[];
}

export function queryClasses(corpus: Corpus, papers: number, seed = 7): QueryClass[] {
  const rnd = createRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const paperAt = (): Paper => corpus.papers(1, Math.floor(rnd() * papers)).next().value as Paper;
  const w = corpus.words;
  const classes: QueryClass[] = [
    // Ranks past 20,000 of 50,000: a few hundred papers per million.
    { name: 'rare word', queries: Array.from({ length: 20 }, () => w[20_000 + Math.floor(rnd() * 30_000)]!) },
    ...[0, 1, 2, 3, 4].map((r) => ({ name: `common #${r + 1} "${w[r]}"`, queries: [w[r]!] })),
    {
      name: 'two common words',
      queries: Array.from({ length: 10 }, () => {
        const a = Math.floor(rnd() * 30);
        let b = Math.floor(rnd() * 30);
        if (b === a) b = (a + 1) % 30;
        return `${w[a]} ${w[b]}`;
      }),
    },
    {
      name: 'phrase',
      queries: Array.from({ length: 12 }, () => {
        const title = paperAt().title.toLowerCase().split(' ');
        const at = Math.floor(rnd() * (title.length - 1));
        return `"${title[at]} ${title[at + 1]}"`;
      }),
    },
    { name: 'author', queries: Array.from({ length: 12 }, () => `author:"${pick(paperAt().authors)}"`) },
  ];
  return classes;
}
