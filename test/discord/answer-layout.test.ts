import { describe, expect, it } from 'vitest';
import { answerMessage, passageUrl } from '../../src/discord/answer-layout.ts';
import { embedChars } from '../../src/discord/fit-embeds.ts';
import { LIMITS } from '../../src/discord/limits.ts';
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
  covered: true,
  closest: null,
  source: 'html' as const,
  endpoint: 'https://arxiv.org',
};

describe('answerMessage', () => {
  it('quotes the best three passages, stays within every Discord limit for huge inputs, and pings no one', () => {
    const huge = 'x'.repeat(4000);
    const msg = answerMessage({
      ...base,
      paper: { id: '2509.00001', title: 't'.repeat(1000) },
      question: `@everyone ${'q'.repeat(600)}`,
      passages: [1, 2, 3, 4, 5].map((i) => passage(i, { section: 's'.repeat(500), text: huge })),
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
      passages: [passage(1, { text: 'See [here](https://evil.example) now.' }), passage(2, { anchor: null })],
    });
    const text = msg.embeds[0]?.description ?? '';
    expect(text).toContain('(https://arxiv.org/html/2509.00001#S1.p1)');
    expect(text).toContain('**[Section 2](https://arxiv.org/html/2509.00001)**');
    expect(hasMaskedLink(text.replace(/^\*\*\[[^\]]*\]\([^)]*\)\*\*$/gm, ''))).toBe(false);
  });

  it('says when the paper does not cover the question, and when only the abstract was available', () => {
    const msg = answerMessage({
      ...base,
      covered: false,
      passages: [],
      closest: passage(0, { section: 'Abstract', anchor: null }),
      source: 'abstract',
    });
    expect(msg.embeds[0]?.description).toMatch(/^The paper does not seem to cover this\. The closest passage:/);
    expect(msg.embeds[0]?.footer?.text).toContain('Only the abstract was available');
    expect(passageUrl('https://arxiv.org', '2509.00001', 'abstract', 'S1')).toBe('https://arxiv.org/abs/2509.00001');
  });
});
