import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../../src/search/tokenizer.ts';
import { memoryDb } from '../support/papers.ts';

// Words a member might type: distinct, with stems Porter changes, accents and CJK among them.
const typed = (i: number) => [`zq${i.toString(36)}ing`, `Naïve${i}`, `模型${i}`, `learn${i}ers`, `x${i}-y${i}`][i % 5]!;

describe('tokenizer memory', () => {
  it('keeps at most its cap of typed words, however many distinct words members type, with the same tokens', () => {
    const db = memoryDb();
    const cap = 100;
    const small = createTokenizer(db, 1_000, cap);
    const words = Array.from({ length: 5_000 }, (_, i) => typed(i));
    const first = words.map((w) => small.tokens(w));
    expect(small.termCount()).toBeLessThanOrEqual(cap);
    expect(small.cachedPieces()).toBeLessThanOrEqual(cap);
    // Unchanged: the same tokens as a tokenizer that never evicts, and again after eviction.
    const fresh = createTokenizer(memoryDb());
    expect(first).toEqual(words.map((w) => fresh.tokens(w)));
    expect(words.slice(0, 50).map((w) => small.tokens(w))).toEqual(first.slice(0, 50));
    expect(small.tokens('Learning LEARNERS naïve')).toEqual(['learn', 'learner', 'naiv']);
  });
});
