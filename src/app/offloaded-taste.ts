import type { FeatureSpace } from '../recommend/features.ts';
import { packVectors, unpackSpace, type PackedVectors } from '../recommend/packed-space.ts';
import type { TasteCompute } from '../recommend/taste-models.ts';
import type { CpuPool } from './cpu-pool.ts';

/**
 * The recommender's features and training on the worker thread. A space built there comes back with its vectors
 * in shared memory, and each training sends them back by reference: nothing of the corpus is copied per model.
 */
export function offloadedTasteCompute(cpu: Pick<CpuPool, 'run'>): TasteCompute {
  const shared = new WeakMap<FeatureSpace, PackedVectors>();
  return {
    async featureSpace(papers) {
      const packed = await cpu.run('featureSpace', papers);
      const space = unpackSpace(packed);
      shared.set(space, packed.vectors);
      return space;
    },
    train(space, examples) {
      let vectors = shared.get(space);
      if (!vectors) {
        vectors = packVectors(space.vectors);
        shared.set(space, vectors);
      }
      return cpu.run('train', vectors, space.terms.length, examples);
    },
  };
}
