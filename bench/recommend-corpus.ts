import type { PaperText } from '../src/recommend/features.ts';
import { createRandom, pseudoWords, zipfSampler } from './search-corpus.ts';

/**
 * The recommendation benchmark's labelled corpus: papers over topics, each topic with its own vocabulary (and
 * word pairs) drawn over a shared Zipf background whose head is real English function words; neighbouring
 * topics share a sixth of their words, and a fifth of the papers also borrow from a second topic. Hugging
 * Face upvotes are heavy-tailed (log-normal, median 6) and independent of the topic. Members prefer 1 to 3
 * topics; 80% of their upvotes are in them (uniformly) and 20% are anywhere (noise).
 */

export interface LabelledPaper extends PaperText {
  topic: number;
  hfUpvotes: number;
}

export interface Member {
  topics: number[];
  upvoted: string[];
}

const FUNCTION_WORDS = (
  'the of and to in a is for we that with on this by are an as our from be which it can these at or its ' +
  'has have not such their both also than more while into between over through using based show propose'
).split(' ');
const TOPIC_WORDS = 300;
const PHRASES = 40;

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function createLabelledCorpus(papers: number, topics: number, seed = 7): LabelledPaper[] {
  const background = [...FUNCTION_WORDS, ...pseudoWords(20_000, seed)];
  const pool = pseudoWords(20_000 + topics * TOPIC_WORDS, seed + 1).slice(20_000);
  const vocab = Array.from({ length: topics }, (_, t) => pool.slice(t * TOPIC_WORDS, (t + 1) * TOPIC_WORDS));
  // Neighbouring topics share a sixth of their words (at scattered ranks), as related fields do.
  for (let t = 0; t < topics; t++) {
    const next = vocab[(t + 1) % topics]!;
    for (let k = 0; k < TOPIC_WORDS / 6; k++) next[k * 6 + 3] = vocab[t]![k * 6]!;
  }
  const rnd = createRandom(seed);
  const phrases = vocab.map((words) =>
    Array.from({ length: PHRASES }, () => [words[Math.floor(rnd() * 60)]!, words[Math.floor(rnd() * TOPIC_WORDS)]!]),
  );
  const backgroundRank = zipfSampler(background.length, 1.05);
  const topicRank = zipfSampler(TOPIC_WORDS, 0.9);
  const phraseRank = zipfSampler(PHRASES, 1);

  const out: LabelledPaper[] = [];
  for (let i = 0; i < papers; i++) {
    const r = createRandom(seed * 7919 + i);
    const topic = Math.floor(r() * topics);
    const second = r() < 0.2 ? (topic + 1 + Math.floor(r() * (topics - 1))) % topics : -1;
    const words = (min: number, max: number, density: number) => {
      const n = min + Math.floor(r() * (max - min + 1));
      const ws: string[] = [];
      while (ws.length < n) {
        const u = r();
        const t = second >= 0 && u < density * 0.3 ? second : u < density ? topic : -1;
        if (t < 0) ws.push(background[backgroundRank(r)]!);
        else if (r() < 0.25) ws.push(...phrases[t]![phraseRank(r)]!);
        else ws.push(vocab[t]![topicRank(r)]!);
      }
      return ws;
    };
    const sentences = (ws: string[]) => {
      let s = '';
      ws.forEach((w, k) => {
        const start = k === 0 || (r() < 0.06 && k < ws.length - 3);
        s += (k === 0 ? '' : start ? '. ' : ' ') + (start ? capitalise(w) : w);
      });
      return `${s}.`;
    };
    out.push({
      id: `2601.${String(i + 1).padStart(5, '0')}`,
      topic,
      title: words(8, 12, 0.5).map(capitalise).join(' '),
      aiKeywords: Array.from({ length: 3 + Math.floor(r() * 3) }, () => words(1, 2, 0.8).join(' ')),
      aiSummary: sentences(words(18, 30, 0.3)),
      abstract: sentences(words(150, 250, 0.2)),
      hfUpvotes: Math.min(2000, Math.floor(Math.exp(1.8 + 1.2 * gaussian(r)))),
    });
  }
  return out;
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** `count` members, a third each preferring 1, 2 and 3 topics, with 10 to 200 upvotes (log-uniform). */
export function createMembers(corpus: readonly LabelledPaper[], topics: number, count: number, seed = 11): Member[] {
  const byTopic = Array.from({ length: topics }, (_, t) => corpus.filter((p) => p.topic === t));
  return Array.from({ length: count }, (_, m) => {
    const r = createRandom(seed * 104_729 + m);
    const k = (m % 3) + 1;
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(Math.floor(r() * topics));
    const prefs = [...chosen];
    const n = Math.round(10 * Math.pow(20, r()));
    return { topics: prefs, upvoted: upvotesFor(byTopic, corpus, prefs, n, r) };
  });
}

/** `n` distinct upvotes: 80% uniformly in the preferred topics, 20% anywhere. */
export function upvotesFor(
  byTopic: readonly (readonly LabelledPaper[])[],
  corpus: readonly LabelledPaper[],
  prefs: readonly number[],
  n: number,
  r: () => number,
): string[] {
  const liked = prefs.flatMap((t) => byTopic[t]!);
  const set = new Set<string>();
  while (set.size < n) {
    const from = r() < 0.8 ? liked : corpus;
    set.add(from[Math.floor(r() * from.length)]!.id);
  }
  return [...set];
}
