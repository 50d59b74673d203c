import type { FeatureSpace } from '../recommend/features.ts';
import { packVectors, unpackSpace, type PackedVectors } from '../recommend/packed-space.ts';
import type { TasteCompute } from '../recommend/taste-models.ts';
import type { CpuPool } from './cpu-pool.ts';

/**
 * The recommender's features and training on the worker thread. The thread reads the corpus from the database
 * itself, and a space built there comes back with its vectors in shared memory, which each training sends back by
 * reference: nothing of the corpus is copied between the threads.
 */
export function offloadedTasteCompute(cpu: Pick<CpuPool, 'run'>): TasteCompute {
  const shared = new WeakMap<FeatureSpace, PackedVectors>();
  return {
    async featureSpace(from) {
      const packed = await cpu.run('featureSpaceSince', [from]);
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
      return cpu.run('train', [vectors, space.terms.length, examples]);
    },
  };
}
