/**
 * Search benchmark: builds a synthetic corpus (default 1,000,000 papers) in a temp-file database through
 * the real schema, then reports ingest rate, per-class query latency against plain FTS5 bm25 measured in the
 * same run, top-10 agreement with exact bm25, and memory. Run: npx tsx bench/search.ts [--papers N] [--keep]
 */
import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../src/db/migrate.ts';
import { migrations } from '../src/db/migrations.ts';
import { BM25_SQL } from '../src/search/bm25.ts';
import { bulkIngest } from './bulk-ingest.ts';
import { matchExpression } from '../src/search/fts-query.ts';
import { parseQuery } from '../src/search/query-parser.ts';
import { searchMigration } from '../src/db/search-migrations.ts';
import { createSearch } from '../src/search/search-engine.ts';
import { createCorpus } from './search-corpus.ts';
import { fmt, median, overlap, peakRssMb, percentile, rssMb, timed } from './search-measure.ts';
import { queryClasses } from './search-queries.ts';

// V8 lets garbage pile up to hundreds of MB before collecting; a capped heap measures what the engine needs.
// The benchmark runs itself again with the cap (tsx's loader flags are in execArgv and carry over).
if (!process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
  const flags = ['--max-old-space-size=96', '--max-semi-space-size=2', ...process.execArgv];
  const r = spawnSync(process.execPath, [...flags, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { values: args } = parseArgs({
  options: {
    papers: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    // A database kept by an earlier --keep run: queries are measured again on it, ingest is not.
    db: { type: 'string' },
  },
});
const reuse = args.db ?? null;
const N = reuse
  ? new BetterSqlite3(reuse, { readonly: true }).prepare<[], number>('SELECT count(*) FROM papers').pluck().get()!
  : Number(args.papers);
// What the process holds before any corpus exists (node, the tsx loader and its thread, the modules).
const startRss = rssMb();
let ingestRss = 0;
const sampleIngestRss = () => (ingestRss = Math.max(ingestRss, rssMb()));
const RUNS = Number(args.runs);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
const log = (...xs: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...xs);

function open(path: string) {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Bounded page cache and no mmap keep the resident set small whatever the database size.
  db.pragma('cache_size = -16000');
  db.pragma('mmap_size = 0');
  db.pragma('temp_store = MEMORY');
  return db;
}

const corpus = createCorpus();
let generating = 0;
function* timedPapers(count: number, start = 0) {
  const it = corpus.papers(count, start);
  for (;;) {
    const t = performance.now();
    const r = it.next();
    generating += performance.now() - t;
    if (r.done) return;
    yield r.value;
  }
}

// Baseline ingest: the migration's triggers alone, on a sample, so the comparison costs little time.
const baseN = Math.min(N, 20_000);
let baselineIngest = NaN;
if (!reuse) {
  const db = open(join(dir, 'baseline.db'));
  // FTS5 alone: the steps before the search side index.
  migrate(
    db,
    migrations.slice(
      0,
      migrations.findIndex((m) => m.name === searchMigration.name),
    ),
  );
  generating = 0;
  const [, ms] = timed(() => bulkIngest(db, () => 0, timedPapers(baseN)));
  baselineIngest = baseN / ((ms - generating) / 1000);
  db.close();
  log(`baseline ingest ${fmt(baselineIngest, 0)} papers/s on ${baseN}`);
}

const db = open(reuse ?? join(dir, 'search.db'));
migrate(db, migrations); // the search side index is migrations 6 and 7
const engine = createSearch(db, { snippets: true });
if (reuse) log(`side index brought up to date: ${engine.sync()} rows`);
generating = 0;
let ingested = 0;
const [, ingestMs] = reuse
  ? [0, NaN]
  : timed(() =>
      bulkIngest(
        db,
        () => {
          const n = engine.sync();
          ingested += n;
          if (ingested % 100_000 < n) {
            const m = process.memoryUsage();
            log(
              `ingested ${ingested}, rss ${fmt(sampleIngestRss(), 0)} MB ` +
                `(V8 heap ${fmt(m.heapUsed / 1e6, 0)}, buffers ${fmt(m.arrayBuffers / 1e6, 0)})`,
            );
          }
          return n;
        },
        timedPapers(N),
      ),
    );
sampleIngestRss();
const ingestRate = N / ((ingestMs - generating) / 1000);
log(
  `ingest ${fmt(ingestRate, 0)} papers/s ` +
    `(${fmt((ingestMs - generating) / 1000)} s storing, ${fmt(generating / 1000)} s generating)`,
);
db.pragma('wal_checkpoint(TRUNCATE)');

const pkOf = db.prepare<[string], number>('SELECT pk FROM papers WHERE id = ?').pluck();
const exact = db
  .prepare<[string], number>(`SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY ${BM25_SQL} LIMIT 10`)
  .pluck();
interface Row {
  name: string;
  queries: number;
  p50: number;
  p99: number;
  base: number;
  overlap: number;
  exact: number;
}
const rows: Row[] = [];
// Every engine query runs before any plain-FTS5 reference query, so the memory sampled after the engine's
// queries is the engine's own: FTS5 ranking a common word over a million rows grows the heap SQLite keeps.
let engineRss = 0;
const sampleEngineRss = () => (engineRss = Math.max(engineRss, rssMb()));
const measured = queryClasses(corpus, N).map((cls) => {
  const times: number[] = [];
  const results = cls.queries.map((q) => {
    for (let r = 0; r < RUNS; r++) times.push(timed(() => engine.search({ query: q, pageSize: 10 }))[1]);
    sampleEngineRss();
    return engine.search({ query: q, pageSize: 10 });
  });
  return { cls, times, results };
});
for (const { cls, times, results } of measured) {
  const baseTimes: number[] = [];
  const overlaps: number[] = [];
  cls.queries.forEach((q, i) => {
    const [want, ms] = timed(() => exact.all(matchExpression(parseQuery(q).terms)!));
    baseTimes.push(ms);
    overlaps.push(
      overlap(
        results[i]!.results.map((x) => pkOf.get(x.id)!),
        want,
      ),
    );
  });
  const exactCount = results.filter((r) => r.exact).length;
  const row = {
    name: cls.name,
    queries: cls.queries.length,
    p50: median(times),
    p99: percentile(times, 99),
    base: median(baseTimes),
    overlap: overlaps.reduce((a, b) => a + b, 0) / overlaps.length,
    exact: exactCount,
  };
  rows.push(row);
  log(
    `${row.name}: p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms, ` +
      `FTS5 ${fmt(row.base)} ms, overlap ${fmt(row.overlap, 2)}`,
  );
}

const allOverlap = rows.reduce((s, r) => s + r.overlap * r.queries, 0) / rows.reduce((s, r) => s + r.queries, 0);
const out: string[] = [];
out.push(`## Search benchmark: ${N.toLocaleString('en')} papers`, '');
out.push(
  '| query class | queries × runs | engine p50 ms | engine p99 ms | plain FTS5 bm25 p50 ms ' +
    '| FTS5 / engine (p50) | top-10 overlap | provably exact |',
);
out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  out.push(
    `| ${r.name} | ${r.queries} × ${RUNS} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.base)} ` +
      `| ${fmt(r.base / r.p50)}× | ${fmt(r.overlap, 2)} | ${r.exact}/${r.queries} |`,
  );
out.push('', '| measure | value |', '| --- | --- |');
out.push(`| ingest (store + FTS5 + side index), papers/s | ${fmt(ingestRate, 0)} |`);
out.push(
  `| baseline ingest (store + FTS5 triggers only, first ${baseN.toLocaleString('en')}), papers/s ` +
    `| ${fmt(baselineIngest, 0)} |`,
);
out.push(`| mean top-10 overlap with exact bm25, all queries | ${fmt(allOverlap, 3)} |`);
out.push(`| RSS sampled during ingest (highest, every 100,000 papers and at the end), MB | ${fmt(ingestRss, 0)} |`);
out.push(`| RSS sampled after the engine's queries (highest), MB | ${fmt(engineRss, 0)} |`);
out.push(
  `| RSS now / peak of the whole run (maxRSS, includes the plain-FTS5 reference queries), MB ` +
    `| ${fmt(rssMb(), 0)} / ${fmt(peakRssMb(), 0)} |`,
);
out.push(`| RSS before any paper (node, tsx loader, modules), MB | ${fmt(startRss, 0)} |`);
console.log(out.join('\n'));
db.close();
if (!args.keep) rmSync(dir, { recursive: true, force: true });
else log(`kept ${dir}`);
