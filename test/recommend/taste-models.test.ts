import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/open.ts';
import { createTasteModels, type TasteContext, type TasteModels } from '../../src/recommend/taste-models.ts';
import { createTasteStore } from '../../src/recommend/taste-store.ts';
import { createVoteStore } from '../../src/votes/vote-store.ts';
import { captureLog } from '../support/capture-log.ts';
import { memoryDb } from '../support/papers.ts';
import { idOf, store, storeCorpus, TOPICS, topicPapers, upvote } from './taste-corpus.ts';

const GUILD = '100';
const OTHER_GUILD = '200';

interface Task {
  ms: number;
  work: () => void;
  cancelled: boolean;
}

let db: Database;
let tasks: Task[];
let clock: number;

function models(options: TasteContext['options'] = {}): TasteModels {
  return createTasteModels({
    store: createTasteStore(db),
    log: captureLog().log,
    now: () => new Date(clock),
    schedule(ms, work) {
      const task = { ms, work, cancelled: false };
      tasks.push(task);
      return () => (task.cancelled = true);
    },
    options,
  });
}

/** Runs the scheduled retrains that are due, as the timer would. */
async function runDue(taste: TasteModels) {
  const due = tasks.filter((t) => !t.cancelled);
  tasks = [];
  const before = taste.stats().trainings;
  for (const t of due) t.work();
  await vi.waitFor(() => expect(taste.stats().trainings).toBeGreaterThan(before));
}

const sphere = (k: number, d = 1) => idOf('sphere', d, k);
const language = (k: number, d = 1) => idOf('language', d, k);

beforeEach(() => {
  db = memoryDb();
  storeCorpus(db);
  tasks = [];
  clock = Date.parse('2025-09-04T12:00:00Z');
});

describe('serverTaste', () => {
  it('is null below 10 upvotes on papers of the corpus, then scores the upvoted topic first', async () => {
    const taste = models();
    // Nine members' upvotes on nine sphere papers: not enough.
    for (let k = 0; k < 9; k++) upvote(db, GUILD, `u${k}`, [sphere(k % 6, 1 + Math.floor(k / 6))]);
    expect(await taste.serverTaste(GUILD)).toBeNull();
    upvote(db, GUILD, 'u9', [sphere(4, 2)]);
    const server = await taste.serverTaste(GUILD);
    expect(server).not.toBeNull();
    // Unvoted papers of the last list: every sphere paper scores above every language or diffusion one.
    const sphereScores = [0, 1, 2, 3, 4, 5].map((k) => server!.score(sphere(k, 4)));
    const others = [0, 1, 2, 3, 4, 5].flatMap((k) => [
      server!.score(language(k, 4)),
      server!.score(idOf('diffusion', 4, k)),
    ]);
    expect(Math.min(...sphereScores)).toBeGreaterThan(Math.max(...others));
    // A paper outside the corpus has no features: it scores the model's bias, below the server's topic.
    expect(server!.score('9999.99999')).toBeLessThan(Math.min(...sphereScores));
    // Another server's votes are its own.
    expect(await taste.serverTaste(OTHER_GUILD)).toBeNull();
  });

  it('builds the feature space once for every server, and again after a new list; models follow the space', async () => {
    const taste = models();
    const ten = [0, 1, 2, 3, 4, 5].map((k) => sphere(k)).concat([0, 1, 2, 3].map((k) => sphere(k, 2)));
    upvote(db, GUILD, 'a', ten);
    upvote(db, OTHER_GUILD, 'b', ten);
    await taste.serverTaste(GUILD);
    await taste.serverTaste(OTHER_GUILD);
    await taste.serverTaste(GUILD);
    expect(taste.stats()).toMatchObject({ spaceBuilds: 1, trainings: 2, models: 2, corpusPapers: 72 });

    store(db, topicPapers('sphere', '2025-09-05', '2605', 3));
    const server = await taste.serverTaste(GUILD);
    expect(taste.stats()).toMatchObject({ spaceBuilds: 2, trainings: 3, corpusPapers: 75 });
    // The new list's papers are in the space: a new sphere paper outscores a language paper.
    expect(server!.score('2605.00000')).toBeGreaterThan(server!.score(language(0, 4)));
  });

  it('keeps the corpus to the last `corpusLists` lists', async () => {
    const taste = models({ corpusLists: 2, minServerUpvotes: 1 });
    upvote(db, GUILD, 'a', [sphere(0, 1), sphere(0, 4)]);
    await taste.serverTaste(GUILD);
    expect(taste.stats().corpusPapers).toBe(36);
    // The upvote on day 1 is outside the corpus: only one counts.
    const only = await taste.recommend({ guildId: GUILD, userId: 'a', lists: 2, limit: 5 });
    expect(only).toEqual({ kind: 'too-few', have: 1, need: 3 });
  });
});

describe('recommend', () => {
  it("ranks a member's unvoted papers of the last lists by their taste, each explained", async () => {
    const taste = models();
    upvote(db, GUILD, 'm', [sphere(0, 1), sphere(1, 2), sphere(2, 3)]);
    // Someone else's votes shape neither the member's model nor their candidates.
    upvote(db, GUILD, 'x', [language(0, 4), language(1, 4), language(2, 4)]);
    const result = await taste.recommend({ guildId: GUILD, userId: 'm', lists: 2, limit: 4 });
    expect(result.kind).toBe('recommendations');
    if (result.kind !== 'recommendations') return;
    expect(result.upvotes).toBe(3);
    expect(result.items).toHaveLength(4);
    for (const item of result.items) {
      // Sphere papers of the last 2 lists (days 3 and 4), never the one the member upvoted.
      expect(item.id).toMatch(/^250[34]\./);
      expect(item.id).not.toBe(sphere(2, 3));
      expect([sphere(0, 1), sphere(1, 2), sphere(2, 3)]).toContain(item.similarTo?.id);
      expect(item.because).toHaveLength(3);
      for (const f of item.because) for (const w of f.split(' ')) expect(TOPICS.sphere).toContain(w);
    }
    const scores = result.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("for the server, learns everyone's upvotes and leaves out what anyone upvoted", async () => {
    const taste = models();
    const upvoted = [0, 1, 2, 3, 4].flatMap((k) => [language(k, 1), language(k, 4)]);
    upvote(db, GUILD, 'a', upvoted.slice(0, 5));
    upvote(db, GUILD, 'b', upvoted.slice(5));
    const result = await taste.recommend({ guildId: GUILD, userId: null, lists: 1, limit: 3 });
    expect(result.kind).toBe('recommendations');
    if (result.kind !== 'recommendations') return;
    // Day 4's one language paper nobody upvoted comes first.
    expect(result.items[0]?.id).toBe(language(5, 4));
    expect(result.items.map((i) => i.id)).not.toContain(language(0, 4));
  });

  it('says how many upvotes are missing: 3 for a member, 10 for a server', async () => {
    const taste = models();
    upvote(db, GUILD, 'm', [sphere(0), sphere(1)]);
    expect(await taste.recommend({ guildId: GUILD, userId: 'm', lists: 7, limit: 10 })).toEqual({
      kind: 'too-few',
      have: 2,
      need: 3,
    });
    expect(await taste.recommend({ guildId: GUILD, userId: null, lists: 7, limit: 10 })).toEqual({
      kind: 'too-few',
      have: 2,
      need: 10,
    });
    expect(await taste.recommend({ guildId: GUILD, userId: 'nobody', lists: 7, limit: 10 })).toEqual({
      kind: 'too-few',
      have: 0,
      need: 3,
    });
    expect(await taste.serverUpvotes(GUILD)).toEqual({ have: 2, need: 10 });
    expect(taste.stats().trainings).toBe(0);
  });

  it('counts the server upvotes that count for rank:server-taste without training, even with enough of them', async () => {
    const taste = models();
    upvote(
      db,
      GUILD,
      'm',
      Array.from({ length: 12 }, (_, i) => sphere(i % 6, 1 + Math.floor(i / 6))),
    );
    expect(await taste.serverUpvotes(GUILD)).toEqual({ have: 12, need: 10 });
    expect(taste.stats()).toMatchObject({ trainings: 0, models: 0 });
  });

  it('with no list stored, has nothing to learn from', async () => {
    db = memoryDb();
    const taste = models();
    expect(await taste.recommend({ guildId: GUILD, userId: 'm', lists: 7, limit: 10 })).toEqual({
      kind: 'too-few',
      have: 0,
      need: 3,
    });
    expect(await taste.serverTaste(GUILD)).toBeNull();
  });
});

describe('retraining after votes', () => {
  const tenSphere = () => [0, 1, 2, 3, 4, 5].map((k) => sphere(k)).concat([0, 1, 2, 3].map((k) => sphere(k, 2)));

  it('a vote schedules the retrain and never trains in the call; until it runs the previous model answers', async () => {
    const taste = models();
    upvote(db, GUILD, 'a', tenSphere());
    const before = (await taste.serverTaste(GUILD))!.score(language(0, 4));
    expect(taste.stats().trainings).toBe(1);

    // Five language upvotes, each noted as the vote paths do.
    const votes = createVoteStore(db);
    for (let k = 0; k < 5; k++) {
      votes.toggleButtonVote(GUILD, language(k, 3), 'b');
      taste.noteVote(GUILD, 'b');
    }
    expect(taste.stats().trainings).toBe(1);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.ms).toBe(0);
    expect((await taste.serverTaste(GUILD))!.score(language(0, 4))).toBe(before);

    await runDue(taste);
    // One training for the burst: the server's model (b has no cached model of their own).
    expect(taste.stats().trainings).toBe(2);
    expect((await taste.serverTaste(GUILD))!.score(language(0, 4))).toBeGreaterThan(before);
  });

  it('retrains a server at most once per minute: a vote soon after waits for the rest of the minute', async () => {
    const taste = models();
    upvote(db, GUILD, 'a', tenSphere());
    taste.noteVote(GUILD, 'a');
    await runDue(taste);
    clock += 20_000;
    upvote(db, GUILD, 'a', [language(0)]);
    taste.noteVote(GUILD, 'a');
    taste.noteVote(GUILD, 'a');
    expect(tasks.map((t) => t.ms)).toEqual([40_000]);
    // Another server is not held back by this one.
    upvote(db, OTHER_GUILD, 'c', tenSphere());
    taste.noteVote(OTHER_GUILD, 'c');
    expect(tasks.map((t) => t.ms)).toEqual([40_000, 0]);
  });

  it("retrains a member's model only while it is cached", async () => {
    const taste = models();
    upvote(db, GUILD, 'm', [sphere(0), sphere(1), sphere(2)]);
    await taste.recommend({ guildId: GUILD, userId: 'm', lists: 1, limit: 3 });
    expect(taste.stats()).toMatchObject({ trainings: 1, models: 1 });
    upvote(db, GUILD, 'm', [sphere(3)]);
    taste.noteVote(GUILD, 'm');
    // The server has 4 upvotes, too few for a model of its own: only the member's is retrained.
    await runDue(taste);
    expect(taste.stats()).toMatchObject({ trainings: 2, models: 1 });
  });

  it('close cancels the retrains not yet started', async () => {
    const taste = models();
    upvote(db, GUILD, 'a', tenSphere());
    taste.noteVote(GUILD, 'a');
    await taste.close();
    expect(tasks.every((t) => t.cancelled)).toBe(true);
    taste.noteVote(GUILD, 'a');
    expect(tasks).toHaveLength(1);
  });
});

describe('the model cache', () => {
  it('keeps at most `maxModels` models, forgetting the least recently used', async () => {
    const taste = models({ maxModels: 2 });
    for (const m of ['m1', 'm2', 'm3']) upvote(db, GUILD, m, [sphere(0), sphere(1), sphere(2)]);
    const ask = (userId: string) => taste.recommend({ guildId: GUILD, userId, lists: 1, limit: 1 });
    await ask('m1');
    await ask('m2');
    await ask('m1');
    await ask('m3');
    expect(taste.stats()).toMatchObject({ models: 2, trainings: 3 });
    // m1 was used after m2, so m2 went: m1 and m3 answer from the cache, m2 is trained again.
    await ask('m1');
    await ask('m3');
    expect(taste.stats().trainings).toBe(3);
    await ask('m2');
    expect(taste.stats()).toMatchObject({ models: 2, trainings: 4 });
  });
});
