/**
 * Follow percolator benchmark: 100,000 follows (single words, two-word ANDs, phrases, exclusions, authors, drawn
 * from the synthetic corpus's Zipf vocabulary) against 1,000 new papers stored through the real schema in a
 * temp-file database. Reports compile, index build and match times (medians over runs) beside a naive baseline
 * (every follow checked against every paper with the same matcher), and checks the matches against the real
 * search engine run as `/paper search` for each follow over those papers.
 * Run: npm run bench:follows [-- --follows N --papers N --runs N --naive-runs N --check all|sample]
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.ts';
import { migrations } from '../src/db/migrations.ts';
import {
  compileFollows,
  createPercolator,
  followRejection,
  naiveMatch,
  termStats,
  tokenizePapers,
  type CompiledFollow,
} from '../src/follows/percolator.ts';
import type { IndexedText } from '../src/search/analyse.ts';
import { createSearch } from '../src/search/search-engine.ts';
import { createTokenizer } from '../src/search/tokenizer.ts';
import { bulkIngest } from './bulk-ingest.ts';
import { createCorpus, createRandom, zipfSampler } from './search-corpus.ts';
import { fmt, median, timed } from './search-measure.ts';

const { values: args } = parseArgs({
  options: {
    follows: { type: 'string', default: '100000' },
    papers: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '5' },
    // The naive baseline takes some 50 s a run at 100,000 follows.
    'naive-runs': { type: 'string', default: '1' },
    // 'all' runs every follow as a search; 'sample' a random 5,000 plus every follow the percolator matched.
    check: { type: 'string', default: 'all' },
  },
});
const FOLLOWS = Number(args.follows);
const PAPERS = Number(args.papers);
const RUNS = Number(args.runs);
// The store the follows' statistics come from: a bot's store of a million papers, of which the new ones are a part.
const STORE = 1_000_000;
const log = (...xs: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...xs);

const dir = mkdtempSync(join(tmpdir(), 'paperboy-follows-'));
const db = new BetterSqlite3(join(dir, 'follows.db'));
db.pragma('journal_mode = WAL');
migrate(db, migrations);
const engine = createSearch(db, { snippets: false });
const corpus = createCorpus();
// New papers from far into the corpus: the store's first million would be the older ones.
bulkIngest(db, () => engine.sync(), corpus.papers(PAPERS, 2_000_000));
log(`stored ${PAPERS} new papers`);

const tokenizer = createTokenizer(db);
const rows = db
  .prepare<[], [string, ...IndexedText]>(
    'SELECT id, title, ai_keywords, ai_summary, abstract, authors FROM papers ORDER BY pk',
  )
  .raw()
  .all();
const ids = rows.map((r) => r[0]);
const texts = rows.map(([, ...text]): IndexedText => text);

// Term statistics of the million-paper store: a vocabulary word's df follows from its Zipf probability and the
// corpus's ~250 words per paper (P(in a paper) = 1 - e^(-250 p)); other tokens (authors) are scaled up from the
// new papers' own counts. Only keys and refusals depend on them, never which papers match.
const WORDS_PER_PAPER = 250;
const H = corpus.words.reduce((s, _, r) => s + 1 / (r + 1), 0);
const dfs = new Map<string, number>();
for (const [term, df] of db.prepare<[], [string, number]>('SELECT term, df FROM search_terms').raw().all())
  dfs.set(term, Math.round((df * STORE) / PAPERS));
tokenizer.prime(corpus.words);
corpus.words.forEach((w, r) => {
  const df = Math.round(STORE * (1 - Math.exp((-WORDS_PER_PAPER / H) * (1 / (r + 1)))));
  for (const id of tokenizer.ids(w)) {
    const t = tokenizer.term(id);
    dfs.set(t, Math.max(df, dfs.get(t) ?? 0));
  }
});
const stats = termStats(STORE, dfs);

// Follows: topic words are rarer than the few hundred commonest words (those are refused anyway).
const rnd = createRandom(2026);
const zipf = zipfSampler(corpus.words.length - 200, 1);
const word = () => corpus.words[200 + zipf(rnd)]!;
// Phrases members follow are mostly real ones: two words that follow each other in some paper of the store.
const bigrams = [...corpus.papers(2_000, 500_000)].flatMap((p) => {
  const ws = p.abstract
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  return ws.slice(1).map((w, i) => `${ws[i]!} ${w}`);
});
const phrase = () => `"${bigrams[Math.floor(rnd() * bigrams.length)]!}"`;
const author = () => {
  const u = rnd();
  return `author:"${corpus.author(Math.floor(u * u * 200_000))}"`;
};
const shapes: Array<[number, () => string]> = [
  [30, () => word()],
  [20, () => `${word()} ${word()}`],
  [15, () => phrase()],
  [8, () => `${word()} -${word()}`],
  [7, () => `${phrase()} -${word()}`],
  [12, () => author()],
  [5, () => `${author()} ${word()}`],
  [3, () => `${word()} -"${word()} ${word()}" -${word()}`],
];
const totalWeight = shapes.reduce((s, [w]) => s + w, 0);
const shape = () => {
  let x = rnd() * totalWeight;
  for (const [w, f] of shapes) if ((x -= w) < 0) return f();
  return shapes[0]![1]();
};

const queries: string[] = [];
let refused = 0;
const probe = createTokenizer(db);
while (queries.length < FOLLOWS) {
  const batch = Array.from({ length: FOLLOWS - queries.length }, shape);
  for (const f of compileFollows(
    batch.map((q) => ({ id: q, query: q })),
    probe,
  )) {
    if (followRejection(f.terms, stats)) refused++;
    else queries.push(f.id);
  }
}
log(`${queries.length} follows generated (${refused} refused as matching nothing or almost everything)`);

interface Run {
  compile: number;
  build: number;
  tokenise: number;
  match: number;
  result: number[][];
}

function percolate(): Run {
  // A fresh tokenizer each run: the bot compiles its follows once at start, with a cold cache.
  const tok = createTokenizer(db);
  const [follows, compile] = timed(() =>
    compileFollows(
      queries.map((query, id) => ({ id, query })),
      tok,
    ),
  );
  const [index, build] = timed(() => createPercolator(follows, stats));
  const [papers, tokenise] = timed(() => tokenizePapers(tok, texts));
  const [result, match] = timed(() => index.match(papers));
  return { compile, build, tokenise, match, result };
}

function naive(): { match: number; result: number[][] } {
  const tok = createTokenizer(db);
  const follows: Array<CompiledFollow<number>> = compileFollows(
    queries.map((query, id) => ({ id, query })),
    tok,
  );
  const papers = tokenizePapers(tok, texts);
  const [result, match] = timed(() => naiveMatch(follows, papers));
  return { match, result };
}

const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(percolate());
  const r = runs.at(-1)!;
  log(
    `run ${i + 1}: compile ${fmt(r.compile, 0)} ms, build ${fmt(r.build, 0)} ms, ` +
      `match ${fmt(r.tokenise + r.match, 0)} ms`,
  );
}
const naiveRuns = Array.from({ length: Number(args['naive-runs']) }, () => {
  const r = naive();
  log(`naive run: ${fmt(r.match, 0)} ms`);
  return r;
});

// The percolator's answer by follow.
const byFollow = queries.map((): string[] => []);
runs[0]!.result.forEach((fs, p) => fs.forEach((f) => byFollow[f]!.push(ids[p]!)));
const matches = byFollow.reduce((n, ps) => n + ps.length, 0);
// The same follows per paper, in whatever order.
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b).join(',');
const sameAsNaive = (naiveRuns[0]?.result ?? runs[0]!.result).every(
  (fs, p) => sorted(fs) === sorted(runs[0]!.result[p]!),
);

// The reference: each follow run as a search over the new papers, paging through every result.
const searched = (query: string): string[] => {
  const out: string[] = [];
  for (let page = 1; page <= 100; page++) {
    const r = engine.search({ query, page, pageSize: 10 });
    for (const h of r.results) out.push(h.id);
    if (r.results.length < 10) break;
  }
  return out;
};
let checkIds: number[];
if (args.check === 'all') checkIds = queries.map((_, i) => i);
else {
  const pick = new Set<number>();
  const r = createRandom(7);
  while (pick.size < Math.min(5_000, queries.length)) pick.add(Math.floor(r() * queries.length));
  byFollow.forEach((ps, i) => ps.length > 0 && pick.add(i));
  checkIds = [...pick];
}
let disagreements = 0;
const [, checkMs] = timed(() => {
  for (const i of checkIds) {
    const want = searched(queries[i]!).sort();
    const got = [...byFollow[i]!].sort();
    if (want.length !== got.length || want.some((x, k) => x !== got[k])) {
      if (disagreements++ < 5)
        log(`disagreement on ${queries[i]}: search ${want.join(',')} percolator ${got.join(',')}`);
    }
  }
});

const med = (f: (r: Run) => number) => median(runs.map(f));
const total = med((r) => r.build + r.tokenise + r.match);
const naiveMs = median(naiveRuns.map((r) => r.match));
const matched = byFollow.filter((ps) => ps.length > 0).length;
console.log(`\n## Follow percolator: ${queries.length.toLocaleString('en')} follows, ${PAPERS} new papers`);
console.log(`(medians of ${RUNS} runs; naive baseline: ${naiveRuns.length} runs)\n`);
console.log('| step | percolator | naive |');
console.log('|---|---:|---:|');
console.log(
  `| compile follows (parse + tokenise, once at load) | ${fmt(
    med((r) => r.compile),
    0,
  )} ms | same |`,
);
console.log(
  `| build index | ${fmt(
    med((r) => r.build),
    0,
  )} ms | – |`,
);
console.log(
  `| tokenise new papers (one SQLite round trip) | ${fmt(
    med((r) => r.tokenise),
    0,
  )} ms | same |`,
);
console.log(
  `| match | ${fmt(
    med((r) => r.match),
    0,
  )} ms | ${fmt(naiveMs, 0)} ms |`,
);
console.log(`| **total (build + tokenise + match; goal ≤ 2,000 ms)** | **${fmt(total, 0)} ms** | |`);
console.log(`| match speed-up over naive | ${fmt(naiveMs / med((r) => r.match), 0)}× | |`);
console.log();
console.log(`- matches found: ${matches.toLocaleString('en')} (${matched.toLocaleString('en')} follows match a paper)`);
console.log(`- refused while generating: ${refused.toLocaleString('en')}`);
console.log(`- percolator = naive: ${sameAsNaive ? 'yes' : 'NO'}`);
console.log(
  `- checked against /paper search: ${checkIds.length.toLocaleString('en')} follows ` +
    `(${args.check === 'all' ? 'every follow' : 'a random 5,000 plus every follow the percolator matched'}), ` +
    `${fmt(checkMs / 1000, 1)} s; disagreements: ${disagreements}`,
);
db.close();
rmSync(dir, { recursive: true, force: true });
if (disagreements > 0 || !sameAsNaive) process.exitCode = 1;
