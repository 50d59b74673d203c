// npm run bench:interactions [-- --commands 1500 --every 20 --period 10 --servers 100 --papers 3000 --page-mb 7.5]
// Time from when a slash command is due to the bot's interaction callback reaching the local Discord, for /paper show
// (a store lookup and an embed), one due every `every` ms whatever happened to the ones before (a command that
// arrives while the bot's thread is blocked waits, and its time counts from when it was due). Three runs, side by
// side: idle; busy with the background work a re-fetch causes, on the main thread as before the worker thread
// (createBot({ cpuWorker: false })); and busy with that work on the worker thread. The background work, starting
// every `period` seconds (or when the last one ends, if later): a paper joins the newest list, so the recommender's
// features are rebuilt over `papers` papers and each of `servers` rank:server-taste servers' models is retrained,
// as the delivery job asks for them; and a question's arXiv page of `page-mb` MB is fetched, parsed and stored.
// The longest block of the event loop is monitorEventLoopDelay's largest delay in the measured window.
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/open.ts';
import { dayTaste } from '../src/delivery/deliver-day.ts';
import { createPaperStore } from '../src/papers/paper-store.ts';
import { createVoteStore } from '../src/votes/vote-store.ts';
import { startBot, tempDbPath } from '../test/support/bot-harness.ts';
import { longPage } from '../test/support/arxiv/long-page.ts';
import { startArxivServer } from '../test/support/arxiv/server.ts';
import { startDiscordEmulator } from '../test/support/discord/emulator.ts';
import { listedOn, paper, storePapers } from '../test/support/papers.ts';
import { createLabelledCorpus } from './recommend-corpus.ts';

const { values } = parseArgs({
  options: {
    commands: { type: 'string', default: '1500' },
    every: { type: 'string', default: '20' },
    period: { type: 'string', default: '10' },
    servers: { type: 'string', default: '100' },
    papers: { type: 'string', default: '3000' },
    'page-mb': { type: 'string', default: '7.5' },
  },
});
const n = Number(values.commands);
const everyMs = Number(values.every);
const periodMs = Number(values.period) * 1000;
const nServers = Number(values.servers);
const nPapers = Number(values.papers);
const WARM_UP = 50;
const LISTS = 60;
const DEADLINE_MS = 3000;

// The store: 200 papers to show; the recommender's corpus over 60 lists; 15 upvotes in each server; papers whose
// full text members ask about.
const databasePath = tempDbPath();
const db = openDatabase(databasePath);
createPaperStore(db).save(
  Array.from({ length: 200 }, (_, i) =>
    listedOn('2025-09-08', paper(`2509.${String(10000 + i)}`, { title: `Paper number ${i}` })),
  ),
);
const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
const perList = Math.ceil(nPapers / LISTS);
const corpus = createLabelledCorpus(nPapers, 10);
for (let d = 0; d < LISTS; d++) {
  storePapers(
    db,
    corpus
      .slice(d * perList, (d + 1) * perList)
      .map(({ topic: _topic, ...p }) => paper(p.id, { ...p, aiKeywords: [...p.aiKeywords] })),
    { day: day(d) },
  );
}
const servers = Array.from({ length: nServers }, (_, s) => String(900_000 + s));
const votes = createVoteStore(db);
servers.forEach((guildId, s) => {
  for (let k = 0; k < 15; k++) votes.toggleButtonVote(guildId, corpus[(s * 37 + k * 101) % corpus.length]!.id, `m${k}`);
});
const asked = Array.from({ length: 500 }, (_, i) => `2612.${String(10000 + i)}`);
storePapers(
  db,
  asked.map((id) => paper(id)),
  { day: '2025-09-07' },
);
db.close();

const fixtures = new URL('./ask/fixtures/', import.meta.url);
const pageHtml = longPage(
  readdirSync(fixtures).map((f) => readFileSync(new URL(f, fixtures), 'utf8')),
  Number(values['page-mb']) * 1e6,
);
// Encoded once: the local arXiv runs in this process, and encoding megabytes for each request would count against
// the bot.
const pageBytes = Buffer.from(pageHtml);
const arxiv = await startArxivServer({ pages: Object.fromEntries(asked.map((id) => [id, pageBytes])) });
// Node loads its fetch on the first request, which the bot's start-up fetches from Hugging Face would have paid.
await fetch(`${arxiv.url}/html/none`).then((r) => r.arrayBuffer());
const emu = await startDiscordEmulator({ interactionDeadlineMs: 60_000 });
const channelId = emu.channel('general').id;

interface Run {
  name: string;
  times: number[];
  longestBlockMs: number;
  cycles: number;
}

let nextAsked = 0;
let nextExtra = 0;

async function run(name: string, opts: { busy: boolean; cpuWorker: boolean }): Promise<Run> {
  const { bot } = await startBot(emu, { databasePath, cpuWorker: opts.cpuWorker, env: { ARXIV_ENDPOINT: arxiv.url } });
  let stopped = false;
  let cycles = 0;
  const background = (async () => {
    if (!opts.busy) return;
    while (!stopped) {
      const started = performance.now();
      // A re-fetch found a late paper on the newest list: the corpus changed, so its features are rebuilt, and the
      // delivery job asks every rank:server-taste server's model, each retrained in the new space.
      const { id: _id, topic: _topic, ...late } = corpus[nextExtra % corpus.length]!;
      const id = `2699.${String(10000 + nextExtra++)}`;
      bot.ctx.papers.save([listedOn(day(LISTS - 1), paper(id, { ...late, aiKeywords: [...late.aiKeywords] }))]);
      await Promise.all([
        Promise.all(servers.map((guildId) => dayTaste(bot.ctx, { rank: 'server-taste', guildId }))),
        bot.ctx.fulltext.ensure(asked[nextAsked++ % asked.length]!),
      ]);
      cycles++;
      const rest = started + periodMs - performance.now();
      if (rest > 0 && !stopped) await new Promise((r) => setTimeout(r, rest));
    }
  })();
  // The background work gets going (the first features are being built) before commands are timed.
  if (opts.busy) await new Promise((r) => setTimeout(r, 500));

  const times: number[] = [];
  const answers: Promise<void>[] = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const start = performance.now();
  for (let i = 0; i < n + WARM_UP; i++) {
    const due = start + i * everyMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (i === WARM_UP) delay.enable();
    const ix = emu.sendSlashCommand({
      channelId,
      name: 'paper',
      subcommand: 'show',
      options: { paper: `2509.${10000 + (i % 200)}` },
    });
    answers.push(
      ix.response.then(() => {
        // The first ones warm up the JIT and connections.
        if (i >= WARM_UP) times.push(performance.now() - due);
      }),
    );
  }
  await Promise.all(answers);
  delay.disable();
  stopped = true;
  await background;
  await bot.settled();
  await bot.stop();
  times.sort((a, b) => a - b);
  return { name, times, longestBlockMs: delay.max / 1e6, cycles };
}

const runs = [
  await run('idle', { busy: false, cpuWorker: true }),
  await run('busy, work on the main thread (before)', { busy: true, cpuWorker: false }),
  await run('busy, work on the worker thread (after)', { busy: true, cpuWorker: true }),
];
await emu.close();
await arxiv.close();

const q = (r: Run, p: number) => r.times[Math.min(r.times.length - 1, Math.floor(p * r.times.length))] ?? 0;
const ms = (x: number) => x.toFixed(1);
const row = (label: string, f: (r: Run) => string) => console.log(`| ${label} | ${runs.map(f).join(' | ')} |`);
const pageMb = (pageBytes.byteLength / 1e6).toFixed(1);
console.log(
  `| ${n} × /paper show, one due every ${everyMs} ms; background: features of ${nPapers} papers, ` +
    `${nServers} servers' models, a ${pageMb} MB page, every ${periodMs / 1000} s | ` +
    `${runs.map((r) => r.name).join(' | ')} |`,
);
console.log(`| --- | ${runs.map(() => '---').join(' | ')} |`);
row('median, ms (due → callback)', (r) => ms(q(r, 0.5)));
row('p99, ms', (r) => ms(q(r, 0.99)));
row('max, ms', (r) => ms(r.times.at(-1) ?? 0));
row(`answered after ${DEADLINE_MS / 1000} s (Discord's deadline)`, (r) =>
  String(r.times.filter((t) => t > DEADLINE_MS).length),
);
row('longest event-loop block, ms', (r) => ms(r.longestBlockMs));
row('background rounds done', (r) => String(r.cycles));
