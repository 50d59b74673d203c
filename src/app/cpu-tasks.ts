import { parsePaperHtml, type Passage } from '../fulltext/parse-html.ts';
import { buildFeatureSpace, type PaperText } from '../recommend/features.ts';
import { packSpace, unpackVectors, type PackedSpace, type PackedVectors } from '../recommend/packed-space.ts';
import { compactModel, trainExamples, type CompactModel, type TasteExamples } from '../recommend/recommend.ts';

/**
 * The work the bot runs on its worker thread (src/app/cpu-pool.ts): pure functions of data that structured clone
 * carries, each taking long enough to delay interactions if it ran on the main thread.
 */
export const cpuTasks = {
  /** The recommender's features of a corpus, packed to cross back without a copy of the vectors. */
  featureSpace: (papers: PaperText[]): PackedSpace => packSpace(buildFeatureSpace(papers)),
  /** A taste model trained on examples of a packed space's vectors. */
  train: (vectors: PackedVectors, dimension: number, examples: TasteExamples): CompactModel =>
    compactModel(trainExamples(unpackVectors(vectors), dimension, examples)),
  /** The passages of an arXiv HTML page. */
  parsePaperHtml: (html: string): Passage[] => parsePaperHtml(html),
};

export type CpuTasks = typeof cpuTasks;
export type CpuTask = keyof CpuTasks;

export interface CpuRequest {
  id: number;
  task: CpuTask;
  args: unknown[];
}

export type CpuReply = { id: number; result: unknown } | { id: number; error: Error };
