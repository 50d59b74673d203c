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

  it('ends a sentence at a lone capital that is no initial, and before a word in lower case', () => {
    // 2405.15682: "T" is a variable, not an initial; 2501.07574: the next sentence starts with "uCO3D".
    expect(
      splitSentences('Schedules that depend on T. We propose an approach. It ends at step T. Each run stops.'),
    ).toEqual(['Schedules that depend on T.', 'We propose an approach.', 'It ends at step T.', 'Each run stops.']);
    expect(splitSentences('A dataset for 3D generative AI. uCO3D is the largest. vLLM serves it.')).toEqual([
      'A dataset for 3D generative AI.',
      'uCO3D is the largest.',
      'vLLM serves it.',
    ]);
  });

  it('keeps initials in names, abbreviations and ellipses inside a sentence', () => {
    expect(splitSentences('Jason Y. Zhang and A. B. Smith agree. See Fig. 3, i.e. the plot… and more.')).toEqual([
      'Jason Y. Zhang and A. B. Smith agree.',
      'See Fig. 3, i.e. the plot… and more.',
    ]);
    expect(splitSentences('It said "yes." Then it stopped (at last.) Fine.')).toEqual([
      'It said "yes."',
      'Then it stopped (at last.)',
      'Fine.',
    ]);
  });

  it('cuts between words, before the word the limit falls in', () => {
    expect(truncate('covering more than 1,000 object categories', 19)).toBe('covering more than…');
    expect(truncate('more than 1,000 object categories, and more', 36)).toBe('more than 1,000 object categories…');
    // A word taking most of the room is cut where the limit lands rather than lost whole.
    expect(truncate('1. Supercalifragilisticexpialidocious', 20)).toBe('1. Supercalifragili…');
  });

  it('cuts a first sentence too long to fit between words', () => {
    expect(firstSentences('Existing schedules are out-performed by learning rate schedules. Yes.', 40)).toBe(
      'Existing schedules are out-performed by…',
    );
  });
});
