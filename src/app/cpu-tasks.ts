import { openReadOnly } from '../db/open.ts';
import { parsePaperPage, type Passage } from '../fulltext/parse-html.ts';
import { buildFeatureSpace } from '../recommend/features.ts';
import { packSpace, unpackVectors, type PackedSpace, type PackedVectors } from '../recommend/packed-space.ts';
import { compactModel, trainExamples, type CompactModel, type TasteExamples } from '../recommend/recommend.ts';
import { createTasteStore, type TasteStore } from '../recommend/taste-store.ts';

export interface CpuTaskContext {
  /** The bot's database, which the thread reads through a read-only connection of its own. */
  databasePath: string;
}

/**
 * The work the bot runs on its worker thread (src/app/cpu-pool.ts), each task long enough to delay interactions if
 * it ran on the main thread. Arguments and results are what structured clone carries; what is large is read where it
 * is used (a corpus's texts, from the database) or moved rather than copied (a page's bytes, a space's vectors).
 */
export function createCpuTasks({ databasePath }: CpuTaskContext) {
  let store: TasteStore | null = null;
  const taste = () => (store ??= createTasteStore(openReadOnly(databasePath)));
  return {
    /** The recommender's features of the papers listed on `from` or later, packed to cross back without a copy. */
    featureSpaceSince: (from: string): PackedSpace => packSpace(buildFeatureSpace(taste().textsSince(from))),
    /** A taste model trained on examples of a packed space's vectors. */
    train: (vectors: PackedVectors, dimension: number, examples: TasteExamples): CompactModel =>
      compactModel(trainExamples(unpackVectors(vectors), dimension, examples)),
    /** The passages of an arXiv HTML page, from its bytes (decoding megabytes takes a while too). */
    parsePaperPage: (page: Uint8Array): Passage[] => parsePaperPage(page),
  };
}

export type CpuTasks = ReturnType<typeof createCpuTasks>;
export type CpuTask = keyof CpuTasks;

export interface CpuRequest {
  id: number;
  task: CpuTask;
  args: unknown[];
}

export type CpuReply = { id: number; result: unknown } | { id: number; error: Error };
