import { describe, expect, it } from 'vitest';
import { firstSentences, formatAuthors, splitSentences, truncate } from '../../src/format/text.ts';

describe('text shaping', () => {
  it('truncates on code points with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(Array.from(truncate('🔥'.repeat(300), 256))).toHaveLength(256);
  });

  it('lists three authors then a count', () => {
    expect(formatAuthors([])).toBe('Unknown authors');
    expect(formatAuthors(['A', 'B'])).toBe('A, B');
    expect(formatAuthors(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'])).toBe('A, B, C +7 more');
  });

  it('splits sentences without breaking abbreviations or initials', () => {
    expect(splitSentences('We study LLMs, e.g. GPT. Results are good! Do they hold? Yes.')).toEqual([
      'We study LLMs, e.g. GPT.',
      'Results are good!',
      'Do they hold?',
      'Yes.',
    ]);
    expect(splitSentences('Work by Smith et al. Shows gains. Santosh S. Vempala agrees.')).toHaveLength(2);
  });

  it('takes whole sentences that fit, else cuts the first', () => {
    const text = 'First sentence here. Second one is a bit longer. Third.';
    expect(firstSentences(text, 25)).toBe('First sentence here.');
    expect(firstSentences(text, 100)).toBe(text);
    expect(firstSentences('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
