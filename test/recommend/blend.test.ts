import { describe, expect, it } from 'vitest';
import { rankPercentiles, serverTasteOrder } from '../../src/recommend/blend.ts';

describe('rankPercentiles', () => {
  it('is 1 for the highest, 0 for the lowest, ties sharing their mean rank', () => {
    expect(rankPercentiles([10, 30, 20])).toEqual([0, 1, 0.5]);
    expect(rankPercentiles([5, 5, 1])).toEqual([0.75, 0.75, 0]);
    expect(rankPercentiles([7])).toEqual([1]);
    expect(rankPercentiles([])).toEqual([]);
  });
});

describe('serverTasteOrder', () => {
  const day = [
    { id: 'a', modelScore: -1, hfUpvotes: 500 },
    { id: 'b', modelScore: 2, hfUpvotes: 3 },
    { id: 'c', modelScore: 0.5, hfUpvotes: 40 },
  ];

  it('blends 0.7 × the model percentile with 0.3 × the HF upvotes percentile', () => {
    const out = serverTasteOrder(day);
    expect(out.map((p) => p.id)).toEqual(['b', 'c', 'a']);
    expect(out[0]!.blend).toBeCloseTo(0.7);
    expect(out[1]!.blend).toBeCloseTo(0.7 * 0.5 + 0.3 * 0.5);
    expect(out[2]!.blend).toBeCloseTo(0.3);
  });

  it('is HF order with weight 0 and model order with weight 1', () => {
    expect(serverTasteOrder(day, 0).map((p) => p.id)).toEqual(['a', 'c', 'b']);
    expect(serverTasteOrder(day, 1).map((p) => p.id)).toEqual(['b', 'c', 'a']);
  });

  it('breaks ties by HF upvotes, then id', () => {
    const tied = [
      { id: 'y', modelScore: 1, hfUpvotes: 0 },
      { id: 'x', modelScore: 0, hfUpvotes: 1 },
      { id: 'w', modelScore: 0, hfUpvotes: 1 },
    ];
    expect(serverTasteOrder(tied, 0.5).map((p) => p.id)).toEqual(['w', 'x', 'y']);
  });
});
