import { sparseDot, type FeatureSpace, type SparseVector } from './features.ts';
import { score, trainSvm, type LinearModel, type SvmOptions } from './svm.ts';

/**
 * Recommendations in the arxiv-sanity-lite way: a linear SVM over the papers' TF-IDF features learns the
 * upvoted papers (positives) against the other papers shown in the period (negatives), then ranks the papers
 * not upvoted by its score. Each result is explained by the upvoted paper it is most similar to (cosine) and
 * the three features that weigh most in its score (weight × value).
 */

export interface Recommendation {
  id: string;
  score: number;
  /** The upvoted paper most similar to this one, and their cosine similarity. */
  similarTo: { id: string; similarity: number } | null;
  /** The readable features that weigh most, at most 3 ("equivariance", "SO rotation"). */
  because: string[];
}

export interface RecommendInput {
  space: FeatureSpace;
  /** Ids of the upvoted papers (the positives). Ids missing from `space` are ignored. */
  upvoted: readonly string[];
  /** Ids of the papers shown in the period; those not upvoted are the negatives. */
  shown: readonly string[];
  /** Ids of the papers to rank; upvoted ones are left out. */
  candidates: readonly string[];
  limit: number;
  svm?: SvmOptions;
}

const positionsOf = (space: FeatureSpace, ids: Iterable<string>) => {
  const out: number[] = [];
  for (const id of ids) {
    const i = space.position.get(id);
    if (i !== undefined) out.push(i);
  }
  return out;
};

/** A model's training examples: positions in the space of the upvoted papers and of the others shown. */
export interface TasteExamples {
  positives: number[];
  negatives: number[];
}

/** The examples of one member's (or server's) taste among the papers of `space`. */
export function tasteExamples(
  space: FeatureSpace,
  upvoted: readonly string[],
  shown: readonly string[],
): TasteExamples {
  const up = new Set(upvoted);
  return {
    positives: positionsOf(space, up),
    negatives: positionsOf(space, new Set(shown.filter((id) => !up.has(id)))),
  };
}

/** Trains on the vectors at the examples' positions, over `dimension` features. */
export function trainExamples(
  vectors: readonly SparseVector[],
  dimension: number,
  { positives, negatives }: TasteExamples,
  svm?: SvmOptions,
): LinearModel {
  const at = (i: number) => vectors[i]!;
  return trainSvm(positives.map(at), negatives.map(at), dimension, svm);
}

/** Trains the model of one member (or server) on the papers of `space`. */
export function trainTaste(
  space: FeatureSpace,
  upvoted: readonly string[],
  shown: readonly string[],
  svm?: SvmOptions,
): LinearModel {
  return trainExamples(space.vectors, space.terms.length, tasteExamples(space, upvoted, shown), svm);
}

/** The features that weigh most in `x`'s score, readable; a pair whose words are both shown already is skipped. */
export function topFeatures(space: FeatureSpace, model: LinearModel, x: SparseVector, count = 3): string[] {
  const parts: [number, number][] = [];
  for (let k = 0; k < x.indices.length; k++) {
    const j = x.indices[k]!;
    const weight = model.weights[j]! * x.values[k]!;
    if (weight > 0) parts.push([j, weight]);
  }
  parts.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [j] of parts) {
    const words = space.terms[j]!.split(' ');
    if (words.every((w) => seen.has(w))) continue;
    for (const w of words) seen.add(w);
    out.push(space.surfaces[j]!);
    if (out.length === count) break;
  }
  return out;
}

/** The upvoted paper most similar to `x`, by cosine. */
export function mostSimilar(space: FeatureSpace, upvoted: readonly number[], x: SparseVector) {
  let best: { id: string; similarity: number } | null = null;
  for (const i of upvoted) {
    const similarity = sparseDot(space.vectors[i]!, x);
    if (!best || similarity > best.similarity) best = { id: space.ids[i]!, similarity };
  }
  return best;
}

/**
 * The `limit` best candidates for the taste that `upvoted` shows, best first, explained. Ties keep the order
 * of `candidates`. The same input gives the same output (the SVM's order of examples is seeded).
 */
export function recommend(input: RecommendInput): Recommendation[] {
  return rankWith(input.space, trainTaste(input.space, input.upvoted, input.shown, input.svm), input);
}

/**
 * `recommend` with a model trained earlier (a cached one, see `compactModel`): the weights it dropped count as 0,
 * in its scores as in its explanations.
 */
export function rankWithCompact(
  space: FeatureSpace,
  model: CompactModel,
  input: Pick<RecommendInput, 'upvoted' | 'candidates' | 'limit'>,
): Recommendation[] {
  const weights = new Float64Array(space.terms.length);
  model.weights.indices.forEach((j, k) => (weights[j] = model.weights.values[k]!));
  return rankWith(space, { weights, bias: model.bias }, input);
}

/** The candidates in the space and not upvoted, by `model`'s score (ties in the order given), the best explained. */
function rankWith(
  space: FeatureSpace,
  model: LinearModel,
  input: Pick<RecommendInput, 'upvoted' | 'candidates' | 'limit'>,
): Recommendation[] {
  const up = new Set(input.upvoted);
  const upPositions = positionsOf(space, up);
  const ranked: { i: number; score: number; order: number }[] = [];
  input.candidates.forEach((id, order) => {
    const i = space.position.get(id);
    if (i !== undefined && !up.has(id)) ranked.push({ i, score: score(model, space.vectors[i]!), order });
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  return ranked.slice(0, input.limit).map(({ i, score: s }) => {
    const x = space.vectors[i]!;
    return {
      id: space.ids[i]!,
      score: s,
      similarTo: mostSimilar(space, upPositions, x),
      because: topFeatures(space, model, x),
    };
  });
}

/** A model as a cache keeps it: its largest weights, as a sparse vector over the feature ids of its space. */
export interface CompactModel {
  weights: SparseVector;
  bias: number;
}

/**
 * A model as kept in a cache: its `keep` largest weights by magnitude (default 4,096) as a sparse vector over
 * the feature ids of the space it was trained in. Scores with it approximate the full model's.
 */
export function compactModel(model: LinearModel, keep = 4096): CompactModel {
  const w = model.weights;
  const ids: number[] = [];
  for (let j = 0; j < w.length; j++) if (w[j] !== 0) ids.push(j);
  ids.sort((a, b) => Math.abs(w[b]!) - Math.abs(w[a]!) || a - b);
  const kept = ids.slice(0, keep).sort((a, b) => a - b);
  return {
    weights: { indices: Int32Array.from(kept), values: Float32Array.from(kept, (j) => w[j]!) },
    bias: model.bias,
  };
}

/** The score of `x` under a compact model. */
export function compactScore(model: CompactModel, x: SparseVector): number {
  return model.bias + sparseDot(model.weights, x);
}
