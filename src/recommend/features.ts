import { tokenize } from './tokenize.ts';

/**
 * TF-IDF features of papers: words and word pairs of the title, AI keywords, AI summary and abstract. Title and
 * keywords count twice (they are short and chosen); the term frequency is sublinear (1 + ln tf), the idf smooth
 * (ln((1 + n) / (1 + df)) + 1), and each vector has unit length, so a dot product of two vectors is their cosine.
 */

/** The text of a paper the recommender reads. */
export interface PaperText {
  id: string;
  title: string;
  aiKeywords: readonly string[];
  aiSummary: string | null;
  abstract: string;
}

/** A sparse vector: feature ids in increasing order and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureSpace {
  /** Paper ids, in the order of `vectors`. */
  ids: string[];
  /** Paper id → position in `ids`. */
  position: Map<string, number>;
  vectors: SparseVector[];
  /** Feature id → term ("word" or "word word"). */
  terms: string[];
  /** Feature id → readable form, for explanations. */
  surfaces: string[];
  idf: Float64Array;
}

export interface FeatureOptions {
  /** Terms found in fewer papers are dropped (default 2 for 50 papers or more, else 1). */
  minDf?: number;
}

const FIELD_WEIGHTS = { title: 2, keywords: 2, summary: 1, abstract: 1 } as const;

/** Builds the features of `papers`: the idf is over these papers, and so is the vocabulary. */
export function buildFeatureSpace(papers: readonly PaperText[], options: FeatureOptions = {}): FeatureSpace {
  const minDf = options.minDf ?? (papers.length >= 50 ? 2 : 1);
  // Words get ids as they are seen; every term (a word, or a pair keyed by its two word ids as one number) gets
  // a provisional feature id, and a paper's counts are kept as ids and weights, not strings.
  const wordId = new Map<string, number>();
  const words: string[] = [];
  const wordSurfaces: string[] = [];
  const pairId = new Map<number, number>();
  const termWords: number[] = []; // provisional id → its word ids, two a term (the second is -1 for a word)
  const wordTerm: number[] = []; // word id → provisional id
  let tf = new Float64Array(1 << 16);
  let df = new Int32Array(1 << 16);
  const touched: number[] = [];
  const newTerm = (a: number, b: number) => {
    const j = termWords.length / 2;
    termWords.push(a, b);
    if (j >= tf.length) {
      tf = grow(tf, new Float64Array(tf.length * 2));
      df = grow(df, new Int32Array(df.length * 2));
    }
    return j;
  };
  const count = (j: number, weight: number) => {
    if (tf[j] === 0) touched.push(j);
    tf[j]! += weight;
  };
  const add = (text: string, weight: number) => {
    let prev = -1;
    for (const t of tokenize(text)) {
      if (t === null) {
        prev = -1;
        continue;
      }
      let w = wordId.get(t.term);
      if (w === undefined) {
        w = words.length;
        wordId.set(t.term, w);
        words.push(t.term);
        wordSurfaces.push(t.surface);
        wordTerm.push(newTerm(w, -1));
      } else if (wordSurfaces[w] === t.term && t.surface !== t.term) wordSurfaces[w] = t.surface;
      count(wordTerm[w]!, weight);
      if (prev >= 0) {
        const key = prev * 4_194_304 + w;
        let j = pairId.get(key);
        if (j === undefined) {
          j = newTerm(prev, w);
          pairId.set(key, j);
        }
        count(j, weight);
      }
      prev = w;
    }
  };
  const counts = papers.map((paper) => {
    add(paper.title, FIELD_WEIGHTS.title);
    for (const k of paper.aiKeywords) add(k, FIELD_WEIGHTS.keywords);
    if (paper.aiSummary) add(paper.aiSummary, FIELD_WEIGHTS.summary);
    add(paper.abstract, FIELD_WEIGHTS.abstract);
    const ids = Int32Array.from(touched);
    const weights = new Float64Array(touched.length);
    touched.forEach((j, k) => {
      weights[k] = tf[j]!;
      tf[j] = 0;
      df[j]!++;
    });
    touched.length = 0;
    return { ids, weights };
  });
  const termCount = termWords.length / 2;
  const termOf = (j: number, of: readonly string[]) =>
    termWords[2 * j + 1]! < 0 ? of[termWords[2 * j]!]! : `${of[termWords[2 * j]!]!} ${of[termWords[2 * j + 1]!]!}`;

  // Feature ids in alphabetical order of the terms: the same papers give the same ids, whatever their order.
  const kept: number[] = [];
  for (let j = 0; j < termCount; j++) if (df[j]! >= minDf) kept.push(j);
  const keptTerms = new Map(kept.map((j) => [j, termOf(j, words)]));
  kept.sort((a, b) => (keptTerms.get(a)! < keptTerms.get(b)! ? -1 : 1));
  const finalId = new Int32Array(termCount).fill(-1);
  kept.forEach((j, k) => (finalId[j] = k));
  const n = papers.length;
  const idf = Float64Array.from(kept, (j) => Math.log((1 + n) / (1 + df[j]!)) + 1);

  const vectors = counts.map(({ ids, weights }): SparseVector => {
    const order: number[] = [];
    for (let k = 0; k < ids.length; k++) if (finalId[ids[k]!]! >= 0) order.push(k);
    order.sort((a, b) => finalId[ids[a]!]! - finalId[ids[b]!]!);
    const indices = new Int32Array(order.length);
    const values = new Float32Array(order.length);
    let sq = 0;
    const raw = new Float64Array(order.length);
    order.forEach((k, m) => {
      const j = finalId[ids[k]!]!;
      indices[m] = j;
      raw[m] = (1 + Math.log(weights[k]!)) * idf[j]!;
      sq += raw[m] * raw[m];
    });
    const norm = Math.sqrt(sq) || 1;
    for (let m = 0; m < raw.length; m++) values[m] = raw[m]! / norm;
    return { indices, values };
  });
  return {
    ids: papers.map((p) => p.id),
    position: new Map(papers.map((p, i) => [p.id, i])),
    vectors,
    terms: kept.map((j) => keptTerms.get(j)!),
    surfaces: kept.map((j) => termOf(j, wordSurfaces)),
    idf,
  };
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The dot product of two sparse vectors (their cosine, for unit vectors). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  const ai = a.indices;
  const bi = b.indices;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) sum += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}
