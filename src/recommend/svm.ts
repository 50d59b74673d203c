import type { SparseVector } from './features.ts';

/**
 * A linear SVM (L2-regularised, squared hinge loss) trained by dual coordinate descent, the solver of liblinear
 * (Hsieh et al., 2008) that scikit-learn's LinearSVC and arxiv-sanity-lite use. Each step optimises one
 * example's dual variable exactly, so a few passes over the examples, in a seeded random order, are enough
 * for a ranking.
 * Classes are weighted by their inverse frequency ("balanced"), so 10 upvotes among 5,000 papers still count.
 */

export interface SvmOptions {
  /** Inverse regularisation strength (default 0.01, as arxiv-sanity-lite). */
  c?: number;
  /**
   * Most passes over the examples (default 3: in bench:recommend the ranking's precision is the same as at
   * convergence, at two thirds of the time); training stops earlier once optimal within liblinear's tolerance.
   */
  epochs?: number;
  /** Seed of the order of the examples (default 1): the same seed gives the same model. */
  seed?: number;
}

/** liblinear's default tolerance on the projected gradient. */
const EPSILON = 0.1;

export interface LinearModel {
  /** One weight per feature id. */
  weights: Float64Array;
  bias: number;
}

/** A small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** w·x + bias. */
export function score(model: LinearModel, x: SparseVector): number {
  let s = model.bias;
  const w = model.weights;
  for (let k = 0; k < x.indices.length; k++) s += w[x.indices[k]!]! * x.values[k]!;
  return s;
}

/**
 * Trains on `positives` and `negatives` (vectors over `dimension` features). Either may be empty: the model
 * then scores everything alike.
 */
export function trainSvm(
  positives: readonly SparseVector[],
  negatives: readonly SparseVector[],
  dimension: number,
  options: SvmOptions = {},
): LinearModel {
  const c = options.c ?? 0.01;
  const example = (i: number) => (i < positives.length ? positives[i]! : negatives[i - positives.length]!);
  const epochs = options.epochs ?? 3;
  const n = positives.length + negatives.length;
  const model: LinearModel = { weights: new Float64Array(dimension), bias: 0 };
  if (positives.length === 0 || negatives.length === 0) return model;
  const w = model.weights;
  const cPos = (c * n) / (2 * positives.length);
  const cNeg = (c * n) / (2 * negatives.length);
  // The examples, packed into two flat arrays (example i is at start[i] .. start[i + 1]) for a fast inner loop.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + example(i).indices.length;
  const indices = new Int32Array(start[n]!);
  const values = new Float32Array(start[n]!);
  // Squared hinge: the dual has no upper bound and a diagonal term D = 1 / (2C) per example.
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = example(i);
    indices.set(x.indices, start[i]);
    values.set(x.values, start[i]);
    diag[i] = 1 / (2 * (i < positives.length ? cPos : cNeg));
    let sq = 1; // the bias, a constant feature of value 1
    for (let k = 0; k < x.values.length; k++) sq += x.values[k]! * x.values[k]!;
    qd[i] = sq + diag[i]!;
  }
  const alpha = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const random = seededRandom(options.seed ?? 1);

  // liblinear's loop with shrinking: an example at its bound whose gradient says it will stay there leaves the
  // active set; once the active set is optimal (projected gradients within EPSILON), all examples are checked
  // again, and training ends when they all are.
  let active = n;
  let bias = 0;
  let maxOld = Infinity;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let s = active - 1; s > 0; s--) {
      const j = Math.floor(random() * (s + 1));
      const t = index[s]!;
      index[s] = index[j]!;
      index[j] = t;
    }
    let maxNew = -Infinity;
    let minNew = Infinity;
    for (let s = 0; s < active; s++) {
      const i = index[s]!;
      const yi = i < positives.length ? 1 : -1;
      const from = start[i]!;
      const to = start[i + 1]!;
      let wx = bias;
      for (let k = from; k < to; k++) wx += w[indices[k]!]! * values[k]!;
      const g = yi * wx - 1 + diag[i]! * alpha[i]!;
      let pg = g;
      if (alpha[i] === 0) {
        if (g > maxOld) {
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        }
        pg = Math.min(g, 0);
      }
      maxNew = Math.max(maxNew, pg);
      minNew = Math.min(minNew, pg);
      if (Math.abs(pg) < 1e-12) continue;
      const old = alpha[i]!;
      alpha[i] = Math.max(old - g / qd[i]!, 0);
      const d = (alpha[i] - old) * yi;
      for (let k = from; k < to; k++) w[indices[k]!]! += d * values[k]!;
      bias += d;
    }
    if (maxNew - minNew <= EPSILON) {
      if (active === n) break;
      active = n;
      maxOld = Infinity;
      continue;
    }
    maxOld = maxNew <= 0 ? Infinity : maxNew;
  }
  model.bias = bias;
  return model;
}
