import type { Database } from '../../src/db/open.ts';
import { createVoteStore } from '../../src/votes/vote-store.ts';
import { paper, storePapers } from '../support/papers.ts';

/** Three topics with their own words over a shared background, so a model of one topic's upvotes is easy to check. */
export const TOPICS = {
  sphere: ['equivariance', 'rotation', 'spherical', 'harmonics', 'manifold', 'symmetry', 'group', 'kernel'],
  language: ['language', 'reasoning', 'prompt', 'tokens', 'instruction', 'dialogue', 'translation', 'chain'],
  diffusion: ['diffusion', 'denoising', 'image', 'sampler', 'pixel', 'latent', 'noise', 'generation'],
} as const;
export type Topic = keyof typeof TOPICS;

const BACKGROUND = ['method', 'results', 'model', 'propose', 'experiments', 'data', 'show', 'approach', 'training'];

/** `n` papers of `topic` listed on `day`, ids `<prefix>.<5 digits>`; the words rotate so the papers differ. */
export function topicPapers(topic: Topic, day: string, prefix: string, n: number, hfUpvotes = 1) {
  const words = TOPICS[topic];
  return Array.from({ length: n }, (_, k) => {
    const w = (i: number) => words[(k + i) % words.length]!;
    const b = (i: number) => BACKGROUND[(k * 3 + i) % BACKGROUND.length]!;
    return {
      day,
      paper: paper(`${prefix}.${String(k).padStart(5, '0')}`, {
        title: `${w(0)} ${w(1)} for ${w(2)}`,
        abstract: `We ${b(0)} ${w(3)} ${w(4)} ${b(1)}. The ${w(5)} ${w(6)} ${b(2)} ${w(7)} ${b(3)} ${w(0)} ${b(4)}.`,
        hfUpvotes,
      }),
    };
  });
}

/** Stores papers listed on their days. */
export function store(db: Database, entries: readonly { day: string; paper: ReturnType<typeof paper> }[]) {
  for (const day of new Set(entries.map((e) => e.day))) {
    const list = entries.filter((e) => e.day === day).map((e) => e.paper);
    storePapers(db, list, { day });
  }
}

/** Each member upvotes the papers with a button. */
export function upvote(db: Database, guildId: string, userId: string, paperIds: readonly string[]) {
  const votes = createVoteStore(db);
  for (const id of paperIds) votes.toggleButtonVote(guildId, id, userId);
}

/**
 * Four lists (2025-09-01 … 09-04), each with 6 papers of each topic: ids s<d>, l<d>, g<d> for sphere, language,
 * diffusion on day d.
 */
export function storeCorpus(db: Database): void {
  for (let d = 1; d <= 4; d++) {
    const day = `2025-09-0${d}`;
    store(db, [
      ...topicPapers('sphere', day, `250${d}`, 6),
      ...topicPapers('language', day, `251${d}`, 6),
      ...topicPapers('diffusion', day, `252${d}`, 6),
    ]);
  }
}

/** The id of paper `k` of `topic` listed on day `d` of storeCorpus. */
export const idOf = (topic: Topic, d: number, k: number) =>
  `25${{ sphere: 0, language: 1, diffusion: 2 }[topic]}${d}.${String(k).padStart(5, '0')}`;
