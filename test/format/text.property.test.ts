import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSentences, truncate } from '../../src/format/text.ts';

const length = (s: string) => Array.from(s).length;

// Words of letters, digits, punctuation and astral characters, joined by spaces and line breaks.
const word = (maxLength: number) =>
  fc.array(fc.constantFrom(...'abcxyzABCXYZ0189.,;:-()ü∇²🔥'), { minLength: 1, maxLength }).map((cs) => cs.join(''));
const separator = fc.constantFrom(' ', ' ', ' ', '\n', '  ');
const textOf = (maxWord: number) =>
  fc.array(fc.tuple(word(maxWord), separator), { minLength: 1, maxLength: 60 }).map((parts) =>
    parts
      .map(([w, s]) => w + s)
      .join('')
      .trim(),
  );

describe('truncate', () => {
  it('never goes over the limit, and returns text that fits as it is', () => {
    fc.assert(
      fc.property(textOf(30), fc.integer({ min: 0, max: 400 }), (text, max) => {
        const out = truncate(text, max);
        expect(length(out)).toBeLessThanOrEqual(Math.max(0, max));
        if (length(text) <= max) expect(out).toBe(text);
        else if (max > 1) expect(out.endsWith('…')).toBe(true);
      }),
    );
  });

  it('never cuts inside a word when every word is shorter than half the room', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 8, max: 400 })
          .chain((max) => fc.tuple(textOf(Math.max(1, Math.floor((max - 1) / 2) - 1)), fc.constant(max))),
        ([text, max]) => {
          const out = truncate(text, max);
          if (out === text) return;
          const kept = out.slice(0, -1);
          // The kept words are whole: the original goes on with a space, or with trimmed , ; : and then a space.
          const rest = text.slice(kept.length);
          expect(text.startsWith(kept)).toBe(true);
          expect(/^[,;:]*(\s|$)/u.test(rest)).toBe(true);
        },
      ),
    );
  });
});

describe('firstSentences', () => {
  it('is whole sentences, or one cut between words, and never over the limit', () => {
    fc.assert(
      fc.property(textOf(12), fc.integer({ min: 30, max: 400 }), (text, max) => {
        const out = firstSentences(text, max);
        expect(length(out)).toBeLessThanOrEqual(max);
        const clean = text.replace(/\s+/g, ' ');
        if (out.endsWith('…')) {
          const kept = out.slice(0, -1);
          expect(clean.startsWith(kept)).toBe(true);
          expect(/^[,;:]*(\s|$)/u.test(clean.slice(kept.length))).toBe(true);
        } else {
          expect(clean.startsWith(out)).toBe(true);
          expect(out === clean || clean[out.length] === ' ').toBe(true);
        }
      }),
    );
  });
});
