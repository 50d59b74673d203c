import { describe, expect, it } from 'vitest';
import { buildFeatureSpace, sparseDot, type PaperText } from '../../src/recommend/features.ts';
import { tokenize } from '../../src/recommend/tokenize.ts';

const paper = (id: string, title: string, abstract = '', aiKeywords: string[] = [], aiSummary: string | null = null) =>
  ({ id, title, abstract, aiKeywords, aiSummary }) satisfies PaperText;

const weightOf = (space: ReturnType<typeof buildFeatureSpace>, doc: number, term: string) => {
  const j = space.terms.indexOf(term);
  const v = space.vectors[doc]!;
  const k = v.indices.indexOf(j);
  return k < 0 ? 0 : v.values[k]!;
};

describe('tokenize', () => {
  it('lower-cases runs of letters and digits, drops stop words, single characters and bare numbers', () => {
    const terms = tokenize('The SO(3)-Equivariant networks of 2024, a GPT4 é-model').map((t) => t?.term ?? null);
    expect(terms).toEqual(['so', null, 'equivariant', 'networks', null, 'gpt4', null, 'model']);
  });

  it('keeps acronyms and inner capitals readable, other words in lower case', () => {
    const surfaces = tokenize('Equivariant LoRA for SO rotations').map((t) => t?.surface ?? null);
    expect(surfaces).toEqual(['equivariant', 'LoRA', null, 'SO', 'rotations']);
  });
});

describe('buildFeatureSpace', () => {
  const papers = [
    paper('a', 'Rotation equivariance', 'rotation rotation rotation group'),
    paper('b', 'Diffusion models', 'image diffusion group'),
    paper('c', 'Diffusion for rotation', 'diffusion sampling'),
  ];
  const space = buildFeatureSpace(papers);

  it('forms word pairs only from words that were next to each other, in one field', () => {
    const s = buildFeatureSpace([paper('x', 'Graph neural networks for molecules', 'proteins')], { minDf: 1 });
    expect(s.terms).toEqual([
      'graph',
      'graph neural',
      'molecules',
      'networks',
      'neural',
      'neural networks',
      'proteins',
    ]);
  });

  it('has words and word pairs, ids in alphabetical order of the terms', () => {
    expect(space.terms).toContain('rotation equivariance');
    expect(space.terms).toContain('diffusion models');
    expect([...space.terms].sort()).toEqual(space.terms);
  });

  it('gives a rarer word a higher idf (smooth: ln((1 + n) / (1 + df)) + 1)', () => {
    const idf = (t: string) => space.idf[space.terms.indexOf(t)]!;
    expect(idf('equivariance')).toBeCloseTo(Math.log(4 / 2) + 1);
    expect(idf('group')).toBeCloseTo(Math.log(4 / 3) + 1);
    expect(idf('equivariance')).toBeGreaterThan(idf('group'));
  });

  it('uses a sublinear term frequency, title words counting twice', () => {
    // In a: rotation twice in the title, three times in the abstract (tf 5); group once (tf 1); same idf.
    const ratio = weightOf(space, 0, 'rotation') / weightOf(space, 0, 'group');
    expect(ratio).toBeCloseTo(1 + Math.log(5));
  });

  it('makes every vector unit length, so that a dot product is a cosine', () => {
    for (const v of space.vectors) expect(sparseDot(v, v)).toBeCloseTo(1, 5);
    expect(sparseDot(space.vectors[0]!, space.vectors[1]!)).toBeGreaterThan(0);
    expect(sparseDot(space.vectors[0]!, space.vectors[1]!)).toBeLessThan(
      sparseDot(space.vectors[1]!, space.vectors[2]!),
    );
  });

  it('reads keywords and the summary, and drops terms rarer than minDf', () => {
    const s = buildFeatureSpace(
      [paper('x', 'One', '', ['graph neural network'], 'A summary about proteins.'), paper('y', 'Two proteins')],
      { minDf: 1 },
    );
    expect(s.terms).toEqual(expect.arrayContaining(['graph neural', 'neural network', 'proteins', 'summary']));
    expect(buildFeatureSpace(papers, { minDf: 2 }).terms).toEqual(['diffusion', 'group', 'rotation']);
  });

  it('gives the same features whatever the order of the papers', () => {
    const reversed = buildFeatureSpace([...papers].reverse());
    expect(reversed.terms).toEqual(space.terms);
    expect(reversed.vectors[2]).toEqual(space.vectors[0]);
  });
});
