import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/format/text.ts';
import { extractiveSummary } from '../../src/summaries/extractive.ts';
import { ABSTRACT } from './helpers.ts';

const chars = (s: string) => Array.from(s).length;
const sentences = splitSentences(ABSTRACT);

describe('extractive summary', () => {
  it('is deterministic, whatever the line breaks', () => {
    const a = extractiveSummary(ABSTRACT, { maxChars: 400, maxSentences: 2 });
    const wrapped = ABSTRACT.replace(/ /g, (m, i: number) => (i % 7 === 0 ? '\n' : m));
    expect(a).not.toBe('');
    expect(extractiveSummary(ABSTRACT, { maxChars: 400, maxSentences: 2 })).toBe(a);
    expect(extractiveSummary(wrapped, { maxChars: 400, maxSentences: 2 })).toBe(a);
    expect(a).not.toContain('\n');
  });

  it('picks the contribution and result sentences, not the asides', () => {
    const out = extractiveSummary(ABSTRACT, { maxChars: 600, maxSentences: 2 });
    expect(out).toBe(`${sentences[2]} ${sentences[4]}`);
  });

  it('keeps the original order of the sentences it picks', () => {
    const out = extractiveSummary(ABSTRACT, { maxChars: 2000, maxSentences: 4 });
    const picked = splitSentences(out);
    expect(picked.length).toBeGreaterThanOrEqual(3);
    const positions = picked.map((s) => sentences.indexOf(s));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('leaves out links and throwaway sentences even with room to spare', () => {
    const out = extractiveSummary(ABSTRACT, { maxChars: 5000, maxSentences: 20 });
    expect(out).toContain('We propose Abstain-RL');
    expect(out).not.toContain('github.com');
    expect(out).not.toContain('It is simple.');
  });

  it('respects maxChars and maxSentences', () => {
    for (const maxChars of [1, 2, 20, 60, 120, 150, 250, 400, 600]) {
      for (const maxSentences of [1, 2, 3]) {
        const out = extractiveSummary(ABSTRACT, { maxChars, maxSentences });
        expect(chars(out)).toBeLessThanOrEqual(maxChars);
        expect(out.length).toBeGreaterThan(0);
        expect(splitSentences(out).length).toBeLessThanOrEqual(maxSentences);
      }
    }
    expect(extractiveSummary(ABSTRACT, { maxChars: 0, maxSentences: 3 })).toBe('');
  });

  it('cuts the best sentence with an ellipsis when no sentence fits', () => {
    const out = extractiveSummary(ABSTRACT, { maxChars: 60, maxSentences: 3 });
    expect(out.endsWith('…')).toBe(true);
    expect(out.startsWith('We propose Abstain-RL')).toBe(true);
    expect(chars(out)).toBeLessThanOrEqual(60);
  });

  it('returns empty for an empty abstract, and a single sentence as it is', () => {
    expect(extractiveSummary('', { maxChars: 600, maxSentences: 3 })).toBe('');
    expect(extractiveSummary('  \n\t ', { maxChars: 600, maxSentences: 3 })).toBe('');
    expect(extractiveSummary('We study one thing', { maxChars: 600, maxSentences: 3 })).toBe('We study one thing');
  });

  it('favours the opening sentence when no sentence announces anything', () => {
    const plain = [
      'Graph neural networks model molecular graphs and molecular properties well.',
      'Molecular graphs vary in size, so graph pooling matters for molecular property prediction.',
      'Pooling layers in graph networks summarise node features of molecular graphs.',
    ].join(' ');
    expect(extractiveSummary(plain, { maxChars: 600, maxSentences: 1 })).toBe(
      'Graph neural networks model molecular graphs and molecular properties well.',
    );
  });

  it('makes inline LaTeX readable', () => {
    const tex =
      'We introduce a sampler with $\\mathcal{O}(n^{2})$ cost ' +
      'that achieves a $95\\%$ speed-up over \\textbf{strong} baselines.';
    expect(extractiveSummary(tex, { maxChars: 600, maxSentences: 3 })).toBe(
      'We introduce a sampler with O(n²) cost that achieves a 95% speed-up over strong baselines.',
    );
    expect(
      extractiveSummary('Training costs \\$5 per model, $\\sim 3\\times$ less than before.', {
        maxChars: 600,
        maxSentences: 1,
      }),
    ).toBe('Training costs $5 per model, ~ 3× less than before.');
  });

  it('treats a blank line as the end of a sentence', () => {
    const text = 'Background\n\nWe present a benchmark for long video understanding that current models fail on.';
    const out = extractiveSummary(text, { maxChars: 600, maxSentences: 1 });
    expect(out).toBe('We present a benchmark for long video understanding that current models fail on.');
  });
});
