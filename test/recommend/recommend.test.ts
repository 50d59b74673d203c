import { describe, expect, it } from 'vitest';
import { buildFeatureSpace, type PaperText } from '../../src/recommend/features.ts';
import { compactModel, compactScore, recommend, trainTaste } from '../../src/recommend/recommend.ts';
import { score, trainSvm } from '../../src/recommend/svm.ts';

// Two clearly separate topics, each paper with a few words of its topic and a few shared ones.
const SHARED = ['learning', 'model', 'data', 'training', 'evaluation', 'benchmark'];
const TOPICS = {
  eq: ['equivariance', 'rotation', 'symmetry', 'group', 'spherical', 'SO'],
  diff: ['diffusion', 'denoising', 'score', 'sampling', 'image', 'noise'],
};
const pick = (words: string[], i: number, n: number) =>
  Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]!);
const papers: PaperText[] = [];
for (let i = 0; i < 40; i++) {
  const topic = i % 2 === 0 ? TOPICS.eq : TOPICS.diff;
  papers.push({
    id: `p${i}`,
    title: pick(topic, i, 3).join(' '),
    aiKeywords: [pick(topic, i + 1, 2).join(' ')],
    aiSummary: null,
    abstract: [...pick(topic, i + 2, 6), ...pick(SHARED, i, 6)].join(' '),
  });
}
const space = buildFeatureSpace(papers, { minDf: 1 });
const ids = papers.map((p) => p.id);
const even = ids.filter((_, i) => i % 2 === 0);

describe('trainSvm', () => {
  it('separates a clearly separable set', () => {
    const pos = space.vectors.filter((_, i) => i % 2 === 0).slice(0, 10);
    const neg = space.vectors.filter((_, i) => i % 2 === 1);
    const model = trainSvm(pos, neg, space.terms.length, { c: 1 });
    space.vectors.forEach((x, i) => expect(score(model, x) > 0).toBe(i % 2 === 0));
  });

  it('weighs classes by their frequency: 3 positives among 40 still win their topic', () => {
    const model = trainTaste(space, even.slice(0, 3), ids);
    const scores = space.vectors.map((x) => score(model, x));
    const worstEven = Math.min(...scores.filter((_, i) => i % 2 === 0));
    const bestOdd = Math.max(...scores.filter((_, i) => i % 2 === 1));
    expect(worstEven).toBeGreaterThan(bestOdd);
  });

  it('gives the same model for the same seed', () => {
    const a = trainTaste(space, even.slice(0, 5), ids, { seed: 3 });
    const b = trainTaste(space, even.slice(0, 5), ids, { seed: 3 });
    expect(a.weights).toEqual(b.weights);
    expect(a.bias).toBe(b.bias);
  });

  it('returns a zero model without positives or without negatives', () => {
    expect(trainTaste(space, [], ids).weights.every((w) => w === 0)).toBe(true);
    expect(trainTaste(space, ids, ids).bias).toBe(0);
  });
});

describe('recommend', () => {
  const upvoted = even.slice(0, 6);
  const results = recommend({ space, upvoted, shown: ids, candidates: ids, limit: 10 });

  it('ranks the candidates not upvoted, of the upvoted topic first', () => {
    expect(results).toHaveLength(10);
    expect(results.map((r) => r.id).filter((id) => upvoted.includes(id))).toEqual([]);
    for (const r of results) expect(Number(r.id.slice(1)) % 2).toBe(0);
    const scores = results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('names the most similar upvoted paper, by cosine', () => {
    for (const r of results) {
      const x = space.vectors[space.position.get(r.id)!]!;
      const cos = (id: string) => {
        const y = space.vectors[space.position.get(id)!]!;
        let s = 0;
        y.indices.forEach((j, k) => {
          const m = x.indices.indexOf(j);
          if (m >= 0) s += y.values[k]! * x.values[m]!;
        });
        return s;
      };
      const best = Math.max(...upvoted.map(cos));
      expect(upvoted).toContain(r.similarTo!.id);
      expect(r.similarTo!.similarity).toBeCloseTo(best, 5);
    }
  });

  it('explains with the three features that weigh most, as readable words of the topic', () => {
    for (const r of results) {
      expect(r.because).toHaveLength(3);
      for (const f of r.because) for (const w of f.split(' ')) expect(TOPICS.eq).toContain(w);
    }
    expect(results.flatMap((r) => r.because).join(' ')).toContain('SO');
  });

  it('is deterministic', () => {
    expect(recommend({ space, upvoted, shown: ids, candidates: ids, limit: 10 })).toEqual(results);
  });

  it('keeps the largest weights in a compact model, which ranks alike', () => {
    const model = trainTaste(space, upvoted, ids);
    const compact = compactModel(model, 8);
    expect(compact.weights.indices.length).toBe(8);
    const scores = space.vectors.map((x) => compactScore(compact, x));
    const worstEven = Math.min(...scores.filter((_, i) => i % 2 === 0));
    expect(worstEven).toBeGreaterThan(Math.max(...scores.filter((_, i) => i % 2 === 1)));
  });
});
