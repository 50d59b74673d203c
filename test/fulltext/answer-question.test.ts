import { describe, expect, it } from 'vitest';
import { createAnswerCache, normaliseQuestion } from '../../src/fulltext/answer-cache.ts';
import {
  answerQuestion,
  checkCitations,
  MODEL_FAILED_NOTE,
  type AnswerModel,
} from '../../src/fulltext/answer-question.ts';
import { createFulltext } from '../../src/fulltext/ensure-fulltext.ts';
import { createPassageStore, type StoredPassage } from '../../src/fulltext/passage-store.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { createModelState } from '../../src/summaries/summarize-paper.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

describe('checkCitations', () => {
  it('keeps citations of given passages, removes the others, and lists what is cited', () => {
    expect(checkCitations('A [1]. B [7]. C [2, 9] and [0].', 3)).toEqual({
      text: 'A [1]. B. C [2] and.',
      cited: [1, 2],
    });
    expect(checkCitations('Ranges [1-3] and [2][3], spaced [ 1 ; 3 ].', 5)).toEqual({
      text: 'Ranges [1][2][3] and [2][3], spaced [1][3].',
      cited: [1, 2, 3],
    });
    expect(checkCitations('A range past the end [4-99] keeps its start.', 5)).toEqual({
      text: 'A range past the end [4] keeps its start.',
      cited: [4],
    });
    expect(checkCitations('No citation at all.', 5)).toEqual({ text: 'No citation at all.', cited: [] });
    expect(checkCitations('Not a citation: [a] or [1.5].', 5).cited).toEqual([]);
  });
});

describe('normaliseQuestion', () => {
  it('makes spacing, case and the final punctuation not matter', () => {
    expect(normaliseQuestion('  What   DATASET do they use?? ')).toBe('what dataset do they use');
    expect(normaliseQuestion('What dataset do they use')).toBe('what dataset do they use');
    expect(normaliseQuestion('ｗhat dataset?')).toBe('what dataset');
  });
});

const ID = '2509.00001';
const passages: StoredPassage[] = [
  { order: 0, section: 'Title', anchor: null, kind: 'abstract', text: 'TideNet' },
  { order: 1, section: 'Abstract', anchor: null, kind: 'abstract', text: 'We interpolate tides between gauges.' },
  { order: 2, section: '2 Training', anchor: 'S2.p1', kind: 'paragraph', text: 'We train for ten epochs.' },
  { order: 3, section: '3 Data', anchor: 'S3.p1', kind: 'paragraph', text: 'Twelve gauges on the coast.' },
];

function world(reply: (user: string) => Promise<string>) {
  const db = memoryDb();
  storePapers(db, [paper(ID, { title: 'TideNet', abstract: 'We interpolate tides between gauges.' })]);
  const store = createPassageStore(db);
  store.save(ID, 'html', passages);
  const log = createLogger({ level: 'silent' });
  const calls: string[] = [];
  const llm: AnswerModel = {
    model: 'tiny',
    complete: (_system, user) => {
      calls.push(user);
      return reply(user);
    },
  };
  let clock = 1_000;
  const ctx = {
    fulltext: createFulltext({
      arxiv: { fetchHtml: () => Promise.reject(new Error('not used: passages are stored')) },
      passages: store,
      papers: createPaperStore(db),
      log,
    }),
    answers: createAnswerCache(db),
    llm,
    model: createModelState(),
    log,
    now: () => clock,
    cooldownMs: 60_000,
  };
  return { ctx, calls, tick: (ms: number) => (clock += ms), p: { id: ID, title: 'TideNet', abstract: '' } };
}

describe('answerQuestion', () => {
  it('members asking the same question at once share one model call', async () => {
    let release: (s: string) => void = () => {};
    const w = world(() => new Promise((resolve) => (release = resolve)));
    const both = Promise.all([
      answerQuestion(w.ctx, w.p, 'How many epochs?'),
      answerQuestion(w.ctx, w.p, 'how many epochs'),
    ]);
    await new Promise((r) => setTimeout(r, 10));
    release('Ten [1].');
    const [a, b] = await both;
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'model', text: 'Ten [1].', cited: [{ n: 1, section: '2 Training' }] });
    expect(w.calls).toHaveLength(1);
  });

  it('after a failure, skips the model for the cooldown, then tries it again; failures are not cached', async () => {
    let fail = true;
    const w = world(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve('Ten epochs [1].')));
    expect(await answerQuestion(w.ctx, w.p, 'How many epochs?')).toMatchObject({
      kind: 'quotes',
      note: MODEL_FAILED_NOTE,
    });
    expect(await answerQuestion(w.ctx, w.p, 'How many epochs?')).toMatchObject({
      kind: 'quotes',
      note: MODEL_FAILED_NOTE,
    });
    expect(w.calls).toHaveLength(1);
    fail = false;
    w.tick(60_001);
    expect(await answerQuestion(w.ctx, w.p, 'How many epochs?')).toMatchObject({ kind: 'model' });
    expect(w.calls).toHaveLength(2);
  });

  it('a question below the coverage threshold never reaches the model, and shows the closest passage', async () => {
    const w = world(() => Promise.resolve('unused'));
    const a = await answerQuestion(w.ctx, w.p, 'Which optimiser and weight decay schedule do the epochs use?');
    expect(a).toMatchObject({ kind: 'not-covered', closest: { anchor: 'S2.p1' } });
    expect(w.calls).toHaveLength(0);
  });

  it('with a model, a question only loosely covered is left to the model to judge, never quoted alone', async () => {
    const question = 'How many epochs with a cosine schedule?'; // coverage 0.21: "cosine" and "schedule" are absent
    let fail = false;
    const w = world(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve('Ten epochs [1].')));
    expect(await answerQuestion(w.ctx, w.p, question)).toMatchObject({ kind: 'model', text: 'Ten epochs [1].' });
    fail = true;
    const other = 'How many epochs with a linear schedule?';
    expect(await answerQuestion(w.ctx, w.p, other)).toMatchObject({
      kind: 'not-covered',
      closest: { anchor: 'S2.p1' },
    });
    expect(await answerQuestion({ ...w.ctx, llm: null }, w.p, question)).toMatchObject({ kind: 'not-covered' });
  });
});
