// The bot's worker thread: its results are the synchronous computation's (reading the bot's database through a
// connection of its own), and its errors reach the caller.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCpuPool, type CpuPool } from '../../src/app/cpu-pool.ts';
import { openDatabase } from '../../src/db/open.ts';
import { parsePaperHtml } from '../../src/fulltext/parse-html.ts';
import { buildFeatureSpace, type FeatureSpace } from '../../src/recommend/features.ts';
import { unpackSpace } from '../../src/recommend/packed-space.ts';
import { compactModel, tasteExamples, trainTaste } from '../../src/recommend/recommend.ts';
import { createTasteStore } from '../../src/recommend/taste-store.ts';
import { tempDbPath } from '../support/bot-harness.ts';
import { captureLog } from '../support/capture-log.ts';
import { store, topicPapers } from '../recommend/taste-corpus.ts';

const PAGE = readFileSync(new URL('../../bench/ask/fixtures/2611.10008.html', import.meta.url), 'utf8');
const FROM = '2025-09-01';

let pool: CpuPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** The bot's database with a corpus of 60 papers, and a pool reading it. */
function world() {
  const databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  store(db, [
    ...topicPapers('sphere', FROM, '2501', 20),
    ...topicPapers('language', FROM, '2511', 20),
    ...topicPapers('diffusion', FROM, '2521', 20),
  ]);
  pool = createCpuPool({ log: captureLog().log, databasePath });
  return { db, pool, here: () => buildFeatureSpace(createTasteStore(db).textsSince(FROM)) };
}

const plain = (space: FeatureSpace) => ({
  ...space,
  position: [...space.position],
  vectors: space.vectors.map((v) => [[...v.indices], [...v.values]]),
});

describe('the CPU worker thread', () => {
  it('builds the same feature space, trains the same model and parses the same passages as this thread does', async () => {
    const w = world();
    const space = w.here();
    const packed = await w.pool.run('featureSpaceSince', [FROM]);
    expect(plain(unpackSpace(packed))).toEqual(plain(space));

    const upvoted = space.ids.slice(0, 12);
    const examples = tasteExamples(space, upvoted, space.ids);
    const model = await w.pool.run('train', [packed.vectors, space.terms.length, examples]);
    const here = compactModel(trainTaste(space, upvoted, space.ids));
    expect(model.bias).toBe(here.bias);
    expect([...model.weights.indices]).toEqual([...here.weights.indices]);
    expect([...model.weights.values]).toEqual([...here.weights.values]);

    // The page's bytes move to the thread (transferred, not copied).
    const bytes = new TextEncoder().encode(PAGE);
    const passages = await w.pool.run('parsePaperPage', [bytes], [bytes.buffer]);
    expect(bytes.byteLength).toBe(0);
    expect(passages.length).toBeGreaterThan(20);
    expect(passages).toEqual(parsePaperHtml(PAGE));
    expect(w.pool.tasks).toBe(3);

    // Papers the bot stores later are in the thread's next read.
    store(w.db, topicPapers('sphere', '2025-09-02', '2502', 5));
    const grown = unpackSpace(await w.pool.run('featureSpaceSince', [FROM]));
    expect(grown.ids).toHaveLength(65);
    expect(plain(grown)).toEqual(plain(w.here()));
  });

  it('rejects a task that throws with its error, and runs the next one', async () => {
    const w = world();
    const bad = w.pool.run('train', [null as never, 1, { positives: [], negatives: [] }]);
    await expect(bad).rejects.toThrow(TypeError);
    const page = new TextEncoder().encode('<html><body><p>One paragraph.</p></body></html>');
    expect(await w.pool.run('parsePaperPage', [page])).toEqual([
      { order: 0, section: 'Untitled section', anchor: null, kind: 'paragraph', text: 'One paragraph.' },
    ]);
  });

  it('rejects the tasks it holds when closed, and any later one', async () => {
    const w = world();
    const page = new TextEncoder().encode(PAGE);
    const running = w.pool.run('parsePaperPage', [page]);
    await w.pool.close();
    await expect(running).rejects.toThrow('the CPU worker thread was closed');
    await expect(w.pool.run('parsePaperPage', [page])).rejects.toThrow('the CPU worker thread was closed');
  });
});
