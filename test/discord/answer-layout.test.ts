import { describe, expect, it } from 'vitest';
import { answerMessage, passageUrl } from '../../src/discord/answer-layout.ts';
import { embedChars } from '../../src/discord/fit-embeds.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import type { Answer } from '../../src/fulltext/answer-question.ts';
import type { StoredPassage } from '../../src/fulltext/passage-store.ts';
import { hasMaskedLink } from '../support/markdown.ts';

const passage = (order: number, over: Partial<StoredPassage> = {}): StoredPassage => ({
  order,
  section: `Section ${order}`,
  anchor: `S${order}.p1`,
  kind: 'paragraph',
  text: `Text ${order}.`,
  ...over,
});

const base = {
  paper: { id: '2509.00001', title: 'A paper' },
  question: 'What?',
  endpoint: 'https://arxiv.org',
};
const quotes = (passages: StoredPassage[], note?: string): Answer => ({
  kind: 'quotes',
  passages,
  source: 'html',
  ...(note ? { note } : {}),
});

describe('answerMessage', () => {
  it('quotes the best three passages, stays within every Discord limit for huge inputs, and pings no one', () => {
    const huge = 'x'.repeat(4000);
    const msg = answerMessage({
      ...base,
      paper: { id: '2509.00001', title: 't'.repeat(1000) },
      question: `@everyone ${'q'.repeat(600)}`,
      answer: quotes([1, 2, 3].map((i) => passage(i, { section: 's'.repeat(500), text: huge }))),
    });
    const [embed] = msg.embeds;
    expect(msg.embeds).toHaveLength(1);
    expect(Array.from(embed?.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(Array.from(embed?.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(Array.from(embed?.author?.name ?? '').length).toBeLessThanOrEqual(LIMITS.authorName);
    expect(embedChars(embed ?? {})).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(embed?.description?.match(/^\*\*\[/gm)).toHaveLength(3);
    expect(embed?.title).toMatch(/^@\u200beveryone/);
    expect(msg.allowedMentions).toEqual({ parse: [] });
  });

  it('shows masked links from the paper as text, and links each passage to its anchor', () => {
    const msg = answerMessage({
      ...base,
      answer: quotes([passage(1, { text: 'See [here](https://evil.example) now.' }), passage(2, { anchor: null })]),
    });
    const text = msg.embeds[0]?.description ?? '';
    expect(text).toContain('(https://arxiv.org/html/2509.00001#S1.p1)');
    expect(text).toContain('**[Section 2](https://arxiv.org/html/2509.00001)**');
    expect(hasMaskedLink(text.replace(/^\*\*\[[^\]]*\]\([^)]*\)\*\*$/gm, ''))).toBe(false);
  });

  it('says when the paper does not cover the question, and when only the abstract was available', () => {
    const msg = answerMessage({
      ...base,
      answer: { kind: 'not-covered', closest: passage(0, { section: 'Abstract', anchor: null }), source: 'abstract' },
    });
    expect(msg.embeds[0]?.description).toMatch(/^The paper does not seem to cover this\. The closest passage:/);
    expect(msg.embeds[0]?.footer?.text).toContain('Only the abstract was available');
    expect(passageUrl('https://arxiv.org', '2509.00001', 'abstract', 'S1')).toBe('https://arxiv.org/abs/2509.00001');
  });

  it('shows a model answer with its cited sections, each linked, safe and within the limits', () => {
    const msg = answerMessage({
      ...base,
      answer: {
        kind: 'model',
        text: `They train on TideSet [1] for ten epochs [3]. @everyone [click](https://evil.example) ${'w '.repeat(3000)}`,
        cited: [
          { n: 1, section: '4 Data', anchor: 'S4.p1' },
          { n: 3, section: '5.1 Training', anchor: null },
        ],
        source: 'html',
      },
    });
    const text = msg.embeds[0]?.description ?? '';
    // Brackets are escaped so no masked link can form; Discord shows them as typed.
    expect(text.startsWith('They train on TideSet \\[1\\] for ten epochs \\[3\\]. @\u200beveryone')).toBe(true);
    expect(text).toContain('[1] **[4 Data](https://arxiv.org/html/2509.00001#S4.p1)**');
    expect(text).toContain('[3] **[5.1 Training](https://arxiv.org/html/2509.00001)**');
    expect(hasMaskedLink(text.replace(/\*\*\[[^\]]*\]\([^)]*\)\*\*/g, ''))).toBe(false);
    expect(Array.from(text).length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(msg.embeds[0]?.footer?.text).toContain('cited as [n]');
  });

  it('says when the model cited nothing, and puts the note above quotes after a model failure', () => {
    const uncited = answerMessage({ ...base, answer: { kind: 'model', text: 'Yes.', cited: [], source: 'html' } });
    expect(uncited.embeds[0]?.description).toContain('The model cited no passage');
    const failed = answerMessage({ ...base, answer: quotes([passage(1)], 'The model was unavailable.') });
    expect(failed.embeds[0]?.description).toMatch(/^\*The model was unavailable\.\*\n\n\*\*\[Section 1\]/);
  });

  it('quotes a table row by row', () => {
    const table = passage(1, { kind: 'table', text: 'Table 1: Error.\nModel | Error\nOurs  |  6.8' });
    const text = answerMessage({ ...base, answer: quotes([table]) }).embeds[0]?.description ?? '';
    expect(text).toContain('\n> Table 1: Error.\n> Model | Error\n> Ours | 6.8');
  });
});
