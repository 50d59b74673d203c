// npm run bench:ingest [-- --papers N --per-day N]
// Ingest rate of the real path (HTTP fetch from a local Hugging Face fake, zod validation, store with the
// FTS index) against the store alone on the same entries, measured side by side in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/open.ts';
import { createPaperStore } from '../src/papers/paper-store.ts';
import { createFetchLog } from '../src/sources/fetch-log.ts';
import { createHfClient } from '../src/sources/hf-client.ts';
import { readDailyEntry } from '../src/sources/hf-schema.ts';
import { ingestDay } from '../src/sources/ingest-day.ts';
import { makeDays } from '../test/support/hf/fixtures.ts';
import { startHfServer } from '../test/support/hf/server.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '10000' },
    'per-day': { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
  },
});
const nPapers = Number(values.papers);
const days = makeDays(nPapers, { perDay: Number(values['per-day']) });
const hf = await startHfServer({ days });
const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const full: number[] = [];
const storeOnly: number[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  const db = openDatabase(join(dir, `full-${run}.db`));
  const ctx = { hf: createHfClient({ endpoint: hf.url }), papers: createPaperStore(db), fetchLog: createFetchLog(db) };
  let t = performance.now();
  for (const day of Object.keys(days)) await ingestDay(ctx, day);
  full.push(nPapers / ((performance.now() - t) / 1000));
  db.close();

  const db2 = openDatabase(join(dir, `store-${run}.db`));
  const store = createPaperStore(db2);
  const parsed = Object.entries(days).map(([day, list]) =>
    list.flatMap((raw) => {
      const v = readDailyEntry(raw, day, hf.url);
      return v.kind === 'entry' ? [v.entry] : [];
    }),
  );
  t = performance.now();
  for (const entries of parsed) store.save(entries);
  storeOnly.push(nPapers / ((performance.now() - t) / 1000));
  db2.close();
}
await hf.close();
rmSync(dir, { recursive: true, force: true });

const f = median(full);
const s = median(storeOnly);
console.log(`| path (${nPapers} papers, ${Object.keys(days).length} days, median of ${full.length}) | papers/s |`);
console.log('| --- | --- |');
console.log(`| fetch + validate + store + FTS (what \`paperboy ingest\` does) | ${f.toFixed(0)} |`);
console.log(`| store + FTS only, same entries | ${s.toFixed(0)} |`);
console.log(`| ratio full / store-only | ${(f / s).toFixed(2)} |`);
