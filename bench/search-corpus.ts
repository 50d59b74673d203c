import type { Paper } from '../src/papers/paper.ts';

/**
 * A deterministic synthetic corpus for the search benchmark and the ranking tests. Words follow a Zipf law
 * (rank r drawn with probability ~ 1/r), so a handful of words are in nearly every paper and most are rare,
 * as in real text; common words are short, as in real languages.
 */

/** A small seeded PRNG (xorshift on 32 bits, mixed): fast, reproducible, good enough for test data. */
export function createRandom(seed: number): () => number {
  let s = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const x = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) >>> 0;
    return x / 4294967296;
  };
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

/** `count` distinct pseudo-words, shortest first, so that word rank and length grow together. */
export function pseudoWords(count: number, seed: number): string[] {
  const rnd = createRandom(seed);
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < count) {
    // One or two syllables for the first few hundred ranks, up to five for the long tail.
    const syllables = 1 + Math.min(4, Math.floor(Math.log10(words.length + 10) * rnd() * 1.6 + rnd()));
    let w = '';
    for (let i = 0; i < syllables; i++) {
      w += CONSONANTS[Math.floor(rnd() * CONSONANTS.length)]! + VOWELS[Math.floor(rnd() * VOWELS.length)]!;
      if (rnd() < 0.25) w += CONSONANTS[Math.floor(rnd() * CONSONANTS.length)]!;
    }
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s, by binary search on the cumulative weights. */
export function zipfSampler(n: number, s: number): (rnd: () => number) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) cdf[r] = sum += 1 / Math.pow(r + 1, s);
  return (rnd) => {
    const u = rnd() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface CorpusOptions {
  seed?: number;
  vocabulary?: number;
  authorPool?: number;
}

export interface Corpus {
  /** The vocabulary by rank: `words[0]` is the most common word. */
  words: readonly string[];
  /** Author `i` of the pool (the first ones are the most prolific). */
  author(i: number): string;
  /** Papers 0, 1, 2, ...; the same index always gives the same paper. */
  papers(count: number, start?: number): Generator<Paper>;
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const START = Date.UTC(2015, 0, 1);
const SPAN_MS = Date.UTC(2025, 11, 31) - START;

export function createCorpus(opts: CorpusOptions = {}): Corpus {
  const seed = opts.seed ?? 42;
  const words = pseudoWords(opts.vocabulary ?? 50_000, seed);
  const names = pseudoWords(30_000, seed + 1)
    .slice(500)
    .map(capitalise);
  const pool = opts.authorPool ?? 200_000;
  // Each author's name comes from its own index, not from a stored pool of strings: the benchmark measures
  // the process's memory, and 200,000 names held for the whole run were a fifth of the V8 heap.
  const author = (i: number) => {
    const rnd = createRandom(seed * 104_729 + i);
    return `${names[Math.floor(rnd() * names.length)]!} ${names[Math.floor(rnd() * names.length)]!}`;
  };

  const sample = zipfSampler(words.length, 1);

  function* papers(count: number, start = 0): Generator<Paper> {
    for (let i = start; i < start + count; i++) {
      // One PRNG per paper keeps paper i the same whatever range is asked for.
      const rnd = createRandom(seed * 7919 + i);
      const text = (min: number, max: number) => {
        const n = min + Math.floor(rnd() * (max - min + 1));
        const out: string[] = [];
        for (let k = 0; k < n; k++) out.push(words[sample(rnd)]!);
        return out;
      };
      const title = text(7, 13).map(capitalise).join(' ');
      const abstract = sentences(text(120, 200), rnd);
      const aiSummary = rnd() < 0.9 ? sentences(text(18, 32), rnd) : null;
      const aiKeywords = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => text(1, 2).join(' '));
      const authorList = Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => {
        // Prolific authors: a square law puts most papers on the first part of the pool.
        const u = rnd();
        return author(Math.floor(u * u * pool));
      });
      const published = new Date(START + Math.floor(rnd() * SPAN_MS));
      yield {
        id: `${String(1000 + Math.floor(i / 99_999)).padStart(4, '0')}.${String((i % 99_999) + 1).padStart(5, '0')}`,
        title,
        abstract,
        authors: authorList,
        publishedAt: published.toISOString(),
        hfUpvotes: Math.floor(-Math.log(1 - rnd() * 0.999) * 12),
        numComments: Math.floor(rnd() * 5),
        aiSummary,
        aiKeywords,
        githubRepo: null,
        githubStars: null,
        projectPage: null,
        thumbnail: null,
        organization: null,
      };
    }
  }
  return { words, author, papers };
}

// Joined once rather than grown with +=, which leaves a tree of small string pieces per abstract (several
// times the text's size) in every batch the benchmark holds.
function sentences(ws: string[], rnd: () => number): string {
  const out: string[] = [];
  let start = true;
  for (const w of ws) {
    const next = rnd() < 0.07;
    out.push((start ? capitalise(w) : w) + (next ? '.' : ''));
    start = next;
  }
  return out.join(' ') + (start ? '' : '.');
}
