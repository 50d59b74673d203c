import type { FeatureSpace, SparseVector } from './features.ts';
import { compactScore, mostSimilar, topFeatures, type Recommendation } from './recommend.ts';

/** A model as the cache keeps it (see `compactModel`). */
export interface CompactModel {
  weights: SparseVector;
  bias: number;
}

/**
 * `recommend` for a model trained earlier (a cached one): the `limit` best of `candidates` that are in the space
 * and not upvoted, best first (ties keep the order of `candidates`), each explained by the upvoted paper it is
 * most similar to and the features that weigh most in its score.
 */
export function rankCandidates(
  space: FeatureSpace,
  model: CompactModel,
  input: { upvoted: readonly string[]; candidates: readonly string[]; limit: number },
): Recommendation[] {
  const up = new Set(input.upvoted);
  const ranked: { i: number; score: number; order: number }[] = [];
  input.candidates.forEach((id, order) => {
    const i = space.position.get(id);
    if (i !== undefined && !up.has(id)) ranked.push({ i, score: compactScore(model, space.vectors[i]!), order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  const best = ranked.slice(0, input.limit);
  if (best.length === 0) return [];
  const upPositions: number[] = [];
  for (const id of up) {
    const i = space.position.get(id);
    if (i !== undefined) upPositions.push(i);
  }
  // topFeatures reads a dense weight per feature; the cache keeps only the largest ones, the rest weigh 0.
  const weights = new Float64Array(space.terms.length);
  model.weights.indices.forEach((j, k) => (weights[j] = model.weights.values[k]!));
  const dense = { weights, bias: model.bias };
  return best.map(({ i, score }) => {
    const x = space.vectors[i]!;
    return {
      id: space.ids[i]!,
      score,
      similarTo: mostSimilar(space, upPositions, x),
      because: topFeatures(space, dense, x),
    };
  });
}
