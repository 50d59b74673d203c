/**
 * Recommendation benchmark: a labelled synthetic corpus (default 5,200 papers over 10 topics) and 200 simulated
 * members (see recommend-corpus.ts). 20% of each member's upvotes are held out; four rankers order the papers
 * the member did not upvote in training, and precision@10 and recall@50 on the held-out papers are reported,
 * overall and by the number of preferred topics. Then the time of training plus ranking for a member with 200
 * upvotes over 5,000 candidates, and the heap of cached server models.
 * Run: npm run bench:recommend [-- --papers N --topics N --members N --reps N --runs N --models N]
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildFeatureSpace, type FeatureSpace } from '../src/recommend/features.ts';
import { compactModel, compactScore, recommend, trainTaste } from '../src/recommend/recommend.ts';
import { score } from '../src/recommend/svm.ts';
import { createLabelledCorpus, createMembers, upvotesFor, type LabelledPaper } from './recommend-corpus.ts';
import { createRandom } from './search-corpus.ts';
import { fmt, percentile, timed } from './search-measure.ts';

// The heap is measured after a forced collection: run again with --expose-gc (tsx's flags carry over).
if (!process.execArgv.includes('--expose-gc')) {
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}
const gc = (globalThis as { gc?: () => void }).gc!;

const { values: args } = parseArgs({
  options: {
    papers: { type: 'string', default: '5200' },
    topics: { type: 'string', default: '10' },
    members: { type: 'string', default: '200' },
    reps: { type: 'string', default: '5' },
    runs: { type: 'string', default: '200' },
    models: { type: 'string', default: '1000' },
  },
});
const TOPICS = Number(args.topics);
const log = (...xs: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...xs);

const corpus = createLabelledCorpus(Number(args.papers), TOPICS);
const byTopic = Array.from({ length: TOPICS }, (_, t) => corpus.filter((p) => p.topic === t));
const members = createMembers(corpus, TOPICS, Number(args.members));
const [space, featureMs] = timed(() => buildFeatureSpace(corpus));
const ids = corpus.map((p) => p.id);
const nnz = space.vectors.reduce((s, v) => s + v.indices.length, 0) / space.vectors.length;
log(`features: ${space.terms.length} terms, ${fmt(nnz)} per paper, built in ${fmt(featureMs)} ms`);

// ---- Quality ----
const RANKERS = ['model', 'model, cached (4,096 weights)', 'topic oracle', 'popularity (HF upvotes)', 'random'];
type Tally = { p10: number; r50: number; n: number };
const tallies = new Map<string, Tally>();
const tally = (ranker: string, group: string) => {
  const key = `${ranker}|${group}`;
  if (!tallies.has(key)) tallies.set(key, { p10: 0, r50: 0, n: 0 });
  return tallies.get(key)!;
};

function shuffled<T>(xs: readonly T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function byScore(candidates: readonly LabelledPaper[], f: (p: LabelledPaper) => number, r: () => number): string[] {
  // Random order first, then a stable sort: ties are broken at random.
  return shuffled(candidates, r)
    .map((p) => ({ id: p.id, s: f(p) }))
    .sort((a, b) => b.s - a.s)
    .map((x) => x.id);
}

const t0 = performance.now();
const RANK_BY_INDEX = (sp: FeatureSpace, p: LabelledPaper) => sp.vectors[sp.position.get(p.id)!]!;
for (let rep = 0; rep < Number(args.reps); rep++) {
  members.forEach((m, mi) => {
    const r = createRandom(1000 * rep + mi + 1);
    const ups = shuffled(m.upvoted, r);
    const held = new Set(ups.slice(0, Math.max(1, Math.round(ups.length * 0.2))));
    const train = ups.slice(held.size);
    const trained = new Set(train);
    const candidates = corpus.filter((p) => !trained.has(p.id));
    const model = trainTaste(space, train, ids, { seed: rep + 1 });
    const compact = compactModel(model);
    const prefs = new Set(m.topics);
    const rankings: Record<string, string[]> = {
      [RANKERS[0]!]: byScore(candidates, (p) => score(model, RANK_BY_INDEX(space, p)), r),
      [RANKERS[1]!]: byScore(candidates, (p) => compactScore(compact, RANK_BY_INDEX(space, p)), r),
      [RANKERS[3]!]: byScore(candidates, (p) => p.hfUpvotes, r),
    };
    const expected: Record<string, (k: number) => number> = {};
    for (const [ranker, ranked] of Object.entries(rankings)) {
      expected[ranker] = (k) => ranked.slice(0, k).filter((id) => held.has(id)).length;
    }
    // The oracle and random rankers are scored by their expected hits over all their random orders (exact),
    // which takes their own sampling noise out of the comparison.
    const inTopic = candidates.filter((p) => prefs.has(p.topic)).length;
    const heldIn = corpus.filter((p) => held.has(p.id) && prefs.has(p.topic)).length;
    const others = candidates.length - inTopic;
    expected[RANKERS[2]!] = (k) =>
      k <= inTopic ? (k * heldIn) / inTopic : heldIn + ((k - inTopic) * (held.size - heldIn)) / others;
    expected[RANKERS[4]!] = (k) => (k * held.size) / candidates.length;
    for (const [ranker, hits] of Object.entries(expected)) {
      for (const group of ['all', `${m.topics.length}`]) {
        const t = tally(ranker, group);
        t.p10 += hits(10) / 10;
        t.r50 += hits(50) / held.size;
        t.n++;
      }
    }
  });
  log(`quality: repetition ${rep + 1} of ${args.reps} done`);
}
const evalMs = performance.now() - t0;

const groups = ['all', '1', '2', '3'];
const mean = (ranker: string, group: string, k: 'p10' | 'r50') => {
  const t = tally(ranker, group);
  return t[k] / t.n;
};
const counts = groups.map((g) => tally(RANKERS[2]!, g).n / Number(args.reps));
console.log(
  `\n## Quality (${corpus.length} papers, ${TOPICS} topics, ${members.length} members, ${args.reps} splits)\n`,
);
console.log(
  `Precision@10 and recall@50 on the held-out 20% of each member's upvotes, averaged over members and splits. ` +
    `Members: ${counts.slice(1).join(' / ')} preferring 1 / 2 / 3 topics. The oracle and random are their ` +
    `expected values over their random orders.\n`,
);
console.log(
  `| Ranker | ${groups.map((g) => `P@10 ${g === 'all' ? 'all' : `${g}T`}`).join(' | ')} | ` +
    `${groups.map((g) => `R@50 ${g === 'all' ? 'all' : `${g}T`}`).join(' | ')} |`,
);
console.log(`| --- | ${groups.map(() => '---:').join(' | ')} | ${groups.map(() => '---:').join(' | ')} |`);
for (const ranker of RANKERS) {
  const p = groups.map((g) => fmt(mean(ranker, g, 'p10'), 3));
  const rr = groups.map((g) => fmt(mean(ranker, g, 'r50'), 3));
  console.log(`| ${ranker} | ${p.join(' | ')} | ${rr.join(' | ')} |`);
}
const model = mean(RANKERS[0]!, 'all', 'p10');
const oracle = mean(RANKERS[2]!, 'all', 'p10');
const pop = mean(RANKERS[3]!, 'all', 'p10');
console.log(
  `\nModel P@10 / oracle: **${fmt(model / oracle, 2)}** (goal ≥ 0.8); model / popularity: ` +
    `**${fmt(model / pop, 1)}×** (goal ≥ 2×). Evaluation took ${fmt(evalMs / 1000)} s.`,
);

// ---- Timing ----
const RUNS = Number(args.runs);
const candidateCount = 5000;
const train: number[] = [];
const trainCpu: number[] = [];
const pop10: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const r = createRandom(77 + run);
  const prefs = [...new Set([Math.floor(r() * TOPICS), Math.floor(r() * TOPICS)])];
  const upvoted = upvotesFor(byTopic, corpus, prefs, 200, r);
  const up = new Set(upvoted);
  const candidates = ids.filter((id) => !up.has(id)).slice(0, candidateCount);
  const cpu = process.cpuUsage();
  const [, ms] = timed(() => recommend({ space, upvoted, shown: ids, candidates, limit: 10, svm: { seed: run + 1 } }));
  train.push(ms);
  const used = process.cpuUsage(cpu);
  trainCpu.push((used.user + used.system) / 1000);
  const [, pms] = timed(() =>
    corpus
      .filter((p) => !up.has(p.id))
      .slice(0, candidateCount)
      .sort((a, b) => b.hfUpvotes - a.hfUpvotes)
      .slice(0, 10),
  );
  pop10.push(pms);
}
console.log(`\n## Time: a member with 200 upvotes, ${candidateCount} candidates (${RUNS} runs)\n`);
console.log(
  `${cpus().length} cores; load average at the end: ${loadavg()
    .map((x) => fmt(x, 2))
    .join(', ')}.\n`,
);
console.log('| What | p50 ms | p99 ms | max ms |');
console.log('| --- | ---: | ---: | ---: |');
const row = (what: string, xs: number[]) =>
  console.log(
    `| ${what} | ${fmt(percentile(xs, 50), 2)} | ${fmt(percentile(xs, 99), 2)} | ${fmt(Math.max(...xs), 2)} |`,
  );
row('model: train + rank + explain the top 10 (wall)', train);
row('the same, CPU time of this process', trainCpu);
row('popularity: sort by HF upvotes, top 10', pop10);
console.log(
  `\nRatio at p50: **${fmt(percentile(train, 50) / percentile(pop10, 50), 0)}×** popularity. Goal: p99 ≤ 100 ms. ` +
    `Not in the timing: the features of the ${corpus.length} papers, built once and shared by every model ` +
    `(${fmt(featureMs)} ms).`,
);

// ---- Memory ----
const MODELS = Number(args.models);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const buffersBefore = process.memoryUsage().arrayBuffers;
const cache: ReturnType<typeof compactModel>[] = [];
let denseBytes = 0;
const tm = performance.now();
for (let s = 0; s < MODELS; s++) {
  const r = createRandom(5000 + s);
  const prefs = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => Math.floor(r() * TOPICS)))];
  const upvoted = upvotesFor(byTopic, corpus, prefs, 10 + Math.floor(r() * 490), r);
  const m = trainTaste(space, upvoted, ids, { seed: s + 1 });
  denseBytes = m.weights.byteLength;
  cache.push(compactModel(m));
}
const buildMs = performance.now() - tm;
gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
const buffersMb = (process.memoryUsage().arrayBuffers - buffersBefore) / 1e6;
const arrayMb = cache.reduce((s, m) => s + m.weights.indices.byteLength + m.weights.values.byteLength, 0) / 1e6;
console.log(`\n## Memory: ${MODELS} cached server models (10 to 500 upvotes each)\n`);
console.log('| What | MB |');
console.log('| --- | ---: |');
console.log(`| V8 heap (the model objects), after a collection | ${fmt(heapMb, 2)} |`);
console.log(`| array buffers (the weights, 4,096 a model as int32 + float32) | ${fmt(buffersMb, 2)} |`);
console.log(`| total for ${MODELS} models | **${fmt(heapMb + buffersMb, 2)}** |`);
console.log(`| the weights alone, counted | ${fmt(arrayMb, 2)} |`);
const dense = fmt((denseBytes * MODELS) / 1e6, 0);
console.log(`| for comparison: ${MODELS} full dense models (${space.terms.length} float64 weights each) | ${dense} |`);
console.log(`\nBuilding them took ${fmt(buildMs / 1000)} s (${fmt(buildMs / MODELS)} ms a model).`);
