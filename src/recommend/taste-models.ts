import type { Logger } from '../log/logger.ts';
import { buildFeatureSpace, type FeatureSpace } from './features.ts';
import { createLru } from './lru.ts';
import {
  compactModel,
  compactScore,
  rankWithCompact,
  tasteExamples,
  trainExamples,
  type CompactModel,
  type Recommendation,
  type TasteExamples,
} from './recommend.ts';
import type { TasteStore } from './taste-store.ts';

export interface TasteOptions {
  /** The corpus: the papers of this many most recent Daily Papers lists (features, training, candidates). */
  corpusLists: number;
  /** Models kept in memory at most; the least recently used goes first. */
  maxModels: number;
  /** A server's models are retrained after votes at most this often. */
  retrainEveryMs: number;
  /** Upvotes (on papers of the corpus) a member needs for recommendations of their own. */
  minMemberUpvotes: number;
  /** Upvotes (on papers of the corpus) a server needs for its recommendations and for `rank:server-taste`. */
  minServerUpvotes: number;
}

export const TASTE_DEFAULTS: TasteOptions = {
  corpusLists: 60,
  maxModels: 1000,
  retrainEveryMs: 60_000,
  minMemberUpvotes: 3,
  minServerUpvotes: 10,
};

/**
 * The two steps that take long: building the features of a corpus (about a second for 3,000 papers) and training a
 * model in them (tens of milliseconds each, for every server after a rebuild). The bot runs them on a worker
 * thread (src/app/cpu-pool.ts), so interactions are answered meanwhile; `inlineTasteCompute` runs them here.
 */
export interface TasteCompute {
  /** The features of the corpus of the lists from `from` on (its papers' texts, from the taste store). */
  featureSpace(from: string): Promise<FeatureSpace>;
  /** The compact model learned from these examples of the space. */
  train(space: FeatureSpace, examples: TasteExamples): Promise<CompactModel>;
}

/** The steps on the calling thread, blocking it while they run. */
export const inlineTasteCompute = (store: Pick<TasteStore, 'textsSince'>): TasteCompute => ({
  featureSpace: (from) => Promise.resolve(buildFeatureSpace(store.textsSince(from))),
  train: (space, examples) => Promise.resolve(compactModel(trainExamples(space.vectors, space.terms.length, examples))),
});

export interface TasteContext {
  store: TasteStore;
  log: Logger;
  now: () => Date;
  /** Where features are built and models trained (default: inline, on this thread). */
  compute?: TasteCompute;
  /** Given, a training's preparation (its examples, handing it over) waits for this first: a turn of the loop. */
  pause?: () => Promise<void>;
  /** Runs `work` after `ms` milliseconds, later than the caller; returns a cancel. Default: an unref'd timer. */
  schedule?: (ms: number, work: () => void) => () => void;
  options?: Partial<TasteOptions>;
}

/** The server's taste as a score per paper (higher is closer to what it upvotes), for ranking a day's papers. */
export interface ServerTaste {
  /** The model's score of a paper; a paper outside the corpus has no known features and scores the bias. */
  score(paperId: string): number;
}

export type TasteResult =
  | { kind: 'recommendations'; items: Recommendation[]; upvotes: number }
  /** Too few upvotes on papers of the corpus: `have`, where `need` are needed. */
  | { kind: 'too-few'; have: number; need: number };

export interface TasteRequest {
  guildId: string;
  /** The member; null for the server's taste (everyone's upvotes). */
  userId: string | null;
  /** The candidates: the papers of this many most recent lists that were not upvoted. */
  lists: number;
  limit: number;
}

export interface TasteModels {
  /** The server's taste, or null while it has fewer than `minServerUpvotes` upvotes on papers of the corpus. */
  serverTaste(guildId: string): Promise<ServerTaste | null>;
  /** The server's upvotes that count (on papers of the corpus) and the number rank:server-taste needs; no training. */
  serverUpvotes(guildId: string): Promise<{ have: number; need: number }>;
  /** Ranked, explained recommendations for a member or a server. */
  recommend(request: TasteRequest): Promise<TasteResult>;
  /** A member's vote changed: their model and the server's are retrained later, never within this call. */
  noteVote(guildId: string, userId: string): void;
  /** At shutdown, before the database closes: no retraining starts any more, and a running one is awaited. */
  close(): Promise<void>;
  stats(): { models: number; trainings: number; spaceBuilds: number; corpusPapers: number };
}

interface Corpus {
  key: string;
  /** Which build of the space this is: the number each cached model is tied to. */
  serial: number;
  space: FeatureSpace;
}

// A model names its space by serial, not by reference: a stale model must not keep an old space in memory.
interface Cached {
  serial: number;
  model: CompactModel;
}

const defaultSchedule = (ms: number, work: () => void) => {
  const timer = setTimeout(work, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

const modelKey = (guildId: string, userId: string | null) => (userId === null ? guildId : `${guildId}/${userId}`);

/**
 * The recommender's models, trained on upvotes (positives) against the other papers of the corpus (negatives,
 * the papers the Daily Papers lists showed in the same period). The feature space is built once per corpus and
 * shared by every server; it is rebuilt on first use after the corpus changed (a new list, new papers on a
 * list). Models are kept in an LRU, each tied to the space it was trained in: a model of an older space is
 * retrained on use. A vote only schedules retraining, at most once per `retrainEveryMs` per server, and until
 * then the previous model answers (the spec's bound is on training, so a burst of votes trains once).
 */
export function createTasteModels(ctx: TasteContext): TasteModels {
  const opts = { ...TASTE_DEFAULTS, ...ctx.options };
  const schedule = ctx.schedule ?? defaultSchedule;
  const compute = ctx.compute ?? inlineTasteCompute(ctx.store);
  const models = createLru<string, Cached>(opts.maxModels);
  // The training of each model under way: callers in the same space share it, and only the latest one started
  // (on the latest upvotes) may replace the cached model.
  const training = new Map<string, { serial: number; model: Promise<CompactModel> }>();
  let corpus: Corpus | null = null;
  let looking: Promise<Corpus | null> | null = null;
  let trainings = 0;
  let spaceBuilds = 0;
  let closed = false;
  // Per server: the models waiting for a retrain, its cancel, and when it last retrained.
  const pending = new Map<string, { keys: Set<string | null>; cancel: () => void }>();
  const lastRetrain = new Map<string, number>();
  const running = new Set<Promise<void>>();

  async function build(from: string, id: string): Promise<Corpus> {
    const started = Date.now();
    spaceBuilds++;
    const serial = spaceBuilds;
    const space = await compute.featureSpace(from);
    corpus = { key: id, serial, space };
    ctx.log.info(
      { papers: space.ids.length, features: space.terms.length, ms: Date.now() - started },
      'recommender features built',
    );
    return corpus;
  }

  /**
   * The space of the current corpus. One look at the corpus's key serves every caller of the same turn (a delivery
   * asks for every server's model at once), and callers arriving during a build share it.
   */
  function currentCorpus(): Promise<Corpus | null> {
    if (looking) return looking;
    const key = ctx.store.corpusKey(opts.corpusLists);
    const id = `${key.from}|${key.latest}|${key.rows}`;
    const from = key.from;
    const found: Promise<Corpus | null> =
      from === null
        ? Promise.resolve(null)
        : corpus?.key === id
          ? Promise.resolve(corpus)
          : Promise.resolve().then(() => build(from, id));
    looking = found;
    const done = () => {
      if (looking === found) looking = null;
    };
    found.then(done, done);
    return found;
  }

  const inSpace = (space: FeatureSpace, ids: readonly string[]) => ids.filter((id) => space.position.has(id));

  function train(c: Corpus, guildId: string, userId: string | null, upvoted: readonly string[]) {
    trainings++;
    const key = modelKey(guildId, userId);
    // After a rebuild every server's model is asked for at once: each training's preparation takes its own turn.
    const examples = ctx.pause
      ? ctx.pause().then(() => tasteExamples(c.space, upvoted, c.space.ids))
      : Promise.resolve(tasteExamples(c.space, upvoted, c.space.ids));
    const run = { serial: c.serial, model: examples.then((e) => compute.train(c.space, e)) };
    training.set(key, run);
    return run.model
      .then((model) => {
        if (training.get(key) === run) models.set(key, { serial: c.serial, model });
        return model;
      })
      .finally(() => {
        if (training.get(key) === run) training.delete(key);
      });
  }

  /** Too few upvotes now: the model goes, and one still training will not be cached. */
  function forget(key: string): void {
    models.delete(key);
    training.delete(key);
  }

  /** The cached model if it was trained in this space (whatever votes came since: they retrain it later). */
  function modelFor(c: Corpus, guildId: string, userId: string | null, upvoted: readonly string[]) {
    const key = modelKey(guildId, userId);
    const hit = models.get(key);
    if (hit && hit.serial === c.serial) return Promise.resolve(hit.model);
    const running = training.get(key);
    return running?.serial === c.serial ? running.model : train(c, guildId, userId, upvoted);
  }

  async function retrain(guildId: string): Promise<void> {
    const job = pending.get(guildId);
    pending.delete(guildId);
    if (!job || closed) return;
    lastRetrain.set(guildId, ctx.now().getTime());
    const c = await currentCorpus();
    if (!c || closed) return;
    for (const userId of job.keys) {
      const upvoted = inSpace(c.space, ctx.store.upvoted(guildId, userId));
      if (userId === null) {
        // The server's model is kept warm for its daily posts once it has enough upvotes.
        if (upvoted.length >= opts.minServerUpvotes) await train(c, guildId, null, upvoted);
        else forget(modelKey(guildId, null));
      } else if (models.has(modelKey(guildId, userId))) {
        // A member's model is retrained only while cached: one nobody asked for is trained when asked.
        if (upvoted.length >= opts.minMemberUpvotes) await train(c, guildId, userId, upvoted);
        else forget(modelKey(guildId, userId));
      }
    }
  }

  return {
    async serverTaste(guildId) {
      const c = await currentCorpus();
      if (!c) return null;
      const upvoted = inSpace(c.space, ctx.store.upvoted(guildId, null));
      if (upvoted.length < opts.minServerUpvotes) return null;
      const model = await modelFor(c, guildId, null, upvoted);
      const { space } = c;
      return {
        score(paperId) {
          const i = space.position.get(paperId);
          return i === undefined ? model.bias : compactScore(model, space.vectors[i]!);
        },
      };
    },

    async serverUpvotes(guildId) {
      const c = await currentCorpus();
      const have = c ? inSpace(c.space, ctx.store.upvoted(guildId, null)).length : 0;
      return { have, need: opts.minServerUpvotes };
    },

    async recommend({ guildId, userId, lists, limit }) {
      const need = userId === null ? opts.minServerUpvotes : opts.minMemberUpvotes;
      const c = await currentCorpus();
      if (!c) return { kind: 'too-few', have: 0, need };
      const upvoted = ctx.store.upvoted(guildId, userId);
      const usable = inSpace(c.space, upvoted);
      if (usable.length < need) return { kind: 'too-few', have: usable.length, need };
      const model = await modelFor(c, guildId, userId, usable);
      const from = ctx.store.firstOfLastLists(lists);
      const candidates = from === null ? [] : ctx.store.listedSince(from);
      const items = rankWithCompact(c.space, model, { upvoted, candidates, limit });
      return { kind: 'recommendations', items, upvotes: usable.length };
    },

    noteVote(guildId, userId) {
      if (closed) return;
      const job = pending.get(guildId);
      if (job) {
        job.keys.add(userId);
        return;
      }
      const wait = Math.max(0, (lastRetrain.get(guildId) ?? -Infinity) + opts.retrainEveryMs - ctx.now().getTime());
      const keys = new Set<string | null>([null, userId]);
      const cancel = schedule(wait, () => {
        const work = retrain(guildId)
          .catch((err: unknown) => ctx.log.warn({ err, guild: guildId }, 'retraining the recommender failed'))
          .finally(() => running.delete(work));
        running.add(work);
      });
      pending.set(guildId, { keys, cancel });
    },

    async close() {
      closed = true;
      for (const job of pending.values()) job.cancel();
      pending.clear();
      await Promise.all([...running]);
    },

    stats: () => ({ models: models.size, trainings, spaceBuilds, corpusPapers: corpus?.space.ids.length ?? 0 }),
  };
}
