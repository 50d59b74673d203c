import { describe, expect, it } from 'vitest';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { paperAsText, paperBlurb } from '../../src/papers/paper-text.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { readDailyEntry } from '../../src/sources/hf-schema.ts';
import { REAL_TEXT_2024, REAL_TEXT_2025, realTextDays } from '../support/hf/fixtures.ts';
import { memoryDb } from '../support/papers.ts';

/** A paper of the real-text fixtures as the bot stores it: read from the response, saved, read back. */
function stored(id: string): Paper {
  const days = realTextDays();
  const day = [REAL_TEXT_2024, REAL_TEXT_2025].find((d) => days[d]?.some((e) => e.paper.id === id)) ?? '';
  const raw = days[day]?.find((e) => e.paper.id === id);
  const verdict = readDailyEntry(raw, day, 'https://huggingface.co');
  if (verdict.kind !== 'entry') throw new Error(`fixture ${id} is ${verdict.kind}`);
  const store = createPaperStore(memoryDb());
  store.save([verdict.entry]);
  const paper = store.get(id);
  if (!paper) throw new Error(`${id} was not stored`);
  return paper;
}

describe('blurbs of real abstracts', () => {
  it('2405.15682 ends with its first sentence ("…depend on T."), not "…compared to schedu…"', () => {
    const paper = stored('2405.15682');
    const first =
      'Existing learning rate schedules that do not require specification of the optimization stopping step T are ' +
      'greatly out-performed by learning rate schedules that depend on T.';
    expect(paperBlurb(paper)).toBe(first);
    expect(paperBlurb(paper, 300)).toBe(first);
    const preview = paperAsText(paper, 1);
    expect(preview).not.toMatch(/schedu…/);
    expect(preview.replace(/\n\s+/g, ' ')).toContain(first);
  });

  it('2501.07574 ends with whole sentences, one starting in lower case, not "…more than 1,00…"', () => {
    const paper = stored('2501.07574');
    expect(paperBlurb(paper)).toBe(
      'We introduce Uncommon Objects in 3D (uCO3D), an object-centric dataset for 3D deep learning and 3D ' +
        'generative AI. uCO3D is the largest publicly-available collection of high-resolution videos of objects ' +
        'with 3D annotations that ensures full-360° coverage.',
    );
    expect(paperBlurb(paper, 300)).toBe(paperBlurb(paper));
    expect(paperBlurb(paper, 100)).toBe(
      'We introduce Uncommon Objects in 3D (uCO3D), an object-centric dataset for 3D deep learning and 3D…',
    );
  });
});
