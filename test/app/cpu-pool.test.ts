// The bot's worker thread: its results are the synchronous computation's, and its errors reach the caller.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCpuPool, type CpuPool } from '../../src/app/cpu-pool.ts';
import { parsePaperHtml } from '../../src/fulltext/parse-html.ts';
import { buildFeatureSpace } from '../../src/recommend/features.ts';
import { unpackSpace } from '../../src/recommend/packed-space.ts';
import { compactModel, tasteExamples, trainTaste } from '../../src/recommend/recommend.ts';
import { captureLog } from '../support/capture-log.ts';
import { topicPapers } from '../recommend/taste-corpus.ts';

const PAGE = readFileSync(new URL('../../bench/ask/fixtures/2611.10008.html', import.meta.url), 'utf8');
const corpus = [
  ...topicPapers('sphere', '2025-09-01', '2501', 20),
  ...topicPapers('language', '2025-09-01', '2511', 20),
  ...topicPapers('diffusion', '2025-09-01', '2521', 20),
].map(({ paper: p }) => ({ id: p.id, title: p.title, abstract: p.abstract, aiSummary: null, aiKeywords: [] }));

let pool: CpuPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('the CPU worker thread', () => {
  it('builds the same feature space, trains the same model and parses the same passages as this thread does', async () => {
    pool = createCpuPool({ log: captureLog().log });
    const space = buildFeatureSpace(corpus);
    const packed = await pool.run('featureSpace', corpus);
    const fromWorker = unpackSpace(packed);
    expect(fromWorker.ids).toEqual(space.ids);
    expect(fromWorker.terms).toEqual(space.terms);
    expect(fromWorker.surfaces).toEqual(space.surfaces);
    expect(fromWorker.idf).toEqual(space.idf);
    expect([...fromWorker.position]).toEqual([...space.position]);
    expect(fromWorker.vectors.map((v) => [[...v.indices], [...v.values]])).toEqual(
      space.vectors.map((v) => [[...v.indices], [...v.values]]),
    );

    const upvoted = corpus.slice(0, 12).map((p) => p.id);
    const model = await pool.run('train', packed.vectors, space.terms.length, tasteExamples(space, upvoted, space.ids));
    const here = compactModel(trainTaste(space, upvoted, space.ids));
    expect(model.bias).toBe(here.bias);
    expect([...model.weights.indices]).toEqual([...here.weights.indices]);
    expect([...model.weights.values]).toEqual([...here.weights.values]);

    const passages = await pool.run('parsePaperHtml', PAGE);
    expect(passages.length).toBeGreaterThan(20);
    expect(passages).toEqual(parsePaperHtml(PAGE));
    expect(pool.tasks).toBe(3);
  });

  it('rejects a task that throws with its error, and runs the next one', async () => {
    pool = createCpuPool({ log: captureLog().log });
    const bad = pool.run('featureSpace', [null as never]);
    await expect(bad).rejects.toThrow(TypeError);
    await expect(bad).rejects.toThrow(/null/);
    expect(await pool.run('parsePaperHtml', '<html><body><p>One paragraph.</p></body></html>')).toEqual([
      { order: 0, section: 'Untitled section', anchor: null, kind: 'paragraph', text: 'One paragraph.' },
    ]);
  });

  it('rejects the tasks it holds when closed, and any later one', async () => {
    pool = createCpuPool({ log: captureLog().log });
    const running = pool.run('parsePaperHtml', PAGE.repeat(20));
    await pool.close();
    await expect(running).rejects.toThrow('the CPU worker thread was closed');
    await expect(pool.run('parsePaperHtml', PAGE)).rejects.toThrow('the CPU worker thread was closed');
  });
});
