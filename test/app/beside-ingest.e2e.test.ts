import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedLog } from '../support/capture-log.ts';
import { deliveryWorld, entry, type World } from '../support/delivery-world.ts';
import { startHfServer, type HfFake } from '../support/hf/server.ts';
import { childEnv, nodeArgs } from '../support/run-script.ts';

/*
 * The bot and `paperboy ingest` on one database file, in two processes, as an operator runs them: the
 * ingest backfills a month while the bot delivers (a day per tick, on a controlled clock), answers
 * searches, post-now and upvotes, and restarts once (its start-up search sync runs beside the ingest's
 * writes). A transaction that reads and then writes must wait for the other process's write lock
 * (BEGIN IMMEDIATE, busy_timeout) instead of failing with SQLITE_BUSY.
 */

const FIRST = '2026-02-01';
const DAYS = 30; // 2026-02-01 … 2026-03-02
const PER_DAY = 100; // one full page per day
const INGEST_LATENCY_MS = 50;
const TOPICS = ['diffusion', 'transformer', 'retrieval', 'robotics', 'speech'] as const;

const dayAt = (k: number): string =>
  new Date(Date.parse(`${FIRST}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);
const LAST = dayAt(DAYS - 1);
const idOf = (k: number, i: number) => `2602.${String(10000 + k * PER_DAY + i)}`;
const listOf = (k: number) =>
  Array.from({ length: PER_DAY }, (_, i) =>
    entry(idOf(k, i), 500 - i, `${TOPICS[i % TOPICS.length]} study ${k}-${i}`, {
      summary: `We study ${TOPICS[i % TOPICS.length]} on day ${k} with method ${i}.`,
    }),
  );

interface Ingest {
  /** Progress lines seen so far ("[k/30] …"). */
  progress(): number;
  readonly done: boolean;
  result: Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
}

/** `paperboy ingest` as a separate process (what `npm run paperboy -- ingest` runs), watched as it goes. */
function startIngest(databasePath: string, hfUrl: string): Ingest {
  const cwd = mkdtempSync(join(tmpdir(), 'paperboy-ingest-'));
  const started = Date.now();
  const child = spawn(process.execPath, nodeArgs('src/cli/bin.ts', ['ingest', '--from', FIRST, '--to', LAST]), {
    cwd,
    env: childEnv({ DATABASE_PATH: databasePath, HF_ENDPOINT: hfUrl }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let done = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      done = true;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
  return {
    progress: () => stdout.match(/^\[\d+\/\d+\]/gm)?.length ?? 0,
    get done() {
      return done;
    },
    result,
  };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const paperIdsOf = (msgs: APIMessage[]) =>
  msgs.flatMap((m) =>
    m.embeds.flatMap((e) => (e.url?.startsWith('https://huggingface.co/papers/') ? [e.url.slice(30)] : [])),
  );

let w: World | undefined;
let ingestHf: HfFake | undefined;
afterEach(async () => {
  await w?.close();
  await ingestHf?.close();
  w = undefined;
  ingestHf = undefined;
});

describe('the bot beside paperboy ingest', () => {
  it('keeps posting, answering and voting while a month is backfilled in another process; neither fails', async () => {
    const days = Object.fromEntries(Array.from({ length: DAYS }, (_, k) => [dayAt(k), listOf(k)]));
    const world = await deliveryWorld({ days, at: `${dayAt(-1)}T08:00:00Z` });
    w = world;
    const logs: CapturedLog[] = [world.h.logs];
    for (const name of ['papers', 'digest'])
      expect(await world.papers('subscribe', { channel: world.ch(name), time: '09:00', top: 3 })).toContain(
        'Subscribed',
      );
    expect(await world.papers('subscribe', { channel: world.ch('second'), time: '23:00', top: 2 })).toContain(
      'Subscribed',
    );

    // The same lists, served to the ingest with a little latency, so that its month of writes is spread
    // over a few seconds of the bot's work (the bot's own fetches stay fast).
    ingestHf = await startHfServer({ days, latencyMs: INGEST_LATENCY_MS });
    const ingest = startIngest(world.databasePath, ingestHf.url);
    // The loop starts once the ingest is writing, and runs at least until it exits.
    await until(() => ingest.progress() > 0 || ingest.done, 15_000, 'the ingest storing its first day');

    const answers: string[] = [];
    /** `/paper search`, answered with a page: each search first indexes what the ingest has just stored. */
    let inSearch = 0;
    const search = async (topic: string) => {
      inSearch++;
      let res: { content?: string; embeds?: Array<{ title?: string }> };
      try {
        const ix = world.emu.sendSlashCommand({
          channelId: world.ch('logs'),
          name: 'paper',
          subcommand: 'search',
          options: { query: topic },
        });
        res = (await ix.response).data as typeof res;
      } finally {
        inSearch--;
      }
      answers.push(res.content ?? '');
      expect(res.embeds?.[0]?.title).toBe(`Search: ${topic}`);
    };
    // Members searching all along, beside the deliveries below, for as long as the ingest runs.
    // (They pause while the bot restarts: Discord would not deliver interactions to a bot that is offline.)
    let searches = 0;
    const pause: { until: Promise<void> | null } = { until: null };
    let failed = false;
    const searching = (async () => {
      for (let i = 0; !ingest.done && !failed; i++, searches++) {
        while (pause.until) await pause.until;
        await search(TOPICS[i % TOPICS.length]!);
      }
    })();
    // Surfaced by the `await searching` below; until then, a failure here only stops the searches.
    searching.catch(() => (failed = true));
    /**
     * Runs `work` with no search in flight. Moving the clock a day on an interaction Discord is waiting for
     * would expire it, as Discord would; and Discord delivers no interaction to a bot that is restarting.
     */
    const betweenSearches = async (work: () => Promise<void>) => {
      let resume!: () => void;
      pause.until = new Promise<void>((r) => (resume = r));
      try {
        await until(() => inSearch === 0, 5000, 'searches in flight answered');
        await work();
      } finally {
        resume();
        pause.until = null;
      }
    };
    let overlapping = 0;
    let restarted = false;
    let votes = 0;
    for (let k = 0; (k < DAYS || !ingest.done) && !failed; k++) {
      const during = !ingest.done;
      const day = dayAt(Math.min(k, DAYS - 1));
      if (k < DAYS) {
        await betweenSearches(() => {
          world.clock.now = new Date(`${day}T09:00:30Z`);
          return Promise.resolve();
        });
        await world.h.bot.tick();
      }
      await search(TOPICS[k % TOPICS.length]!);

      if (k < DAYS) answers.push(await world.papers('post-now', { channel: world.ch('second') }));

      const posted = world.posts('papers');
      const target = posted[k % posted.length];
      if (target) {
        const id = paperIdsOf([target])[0]!;
        const click = world.emu.clickButton({
          channelId: world.ch('papers'),
          messageId: target.id,
          customId: `paper:vote:${id}`,
          userId: String(300000000000000000n + BigInt(k)),
        });
        const r = await click.response;
        answers.push((r.data as { content?: string } | undefined)?.content ?? '');
        expect(r.type).toBe(7);
        votes++;
      }

      // Once, mid-backfill: a restart, whose start-up search sync runs beside the ingest's writes.
      if (!restarted && ingest.progress() >= DAYS / 3 && !ingest.done) {
        restarted = true;
        await betweenSearches(() => world.restart());
        logs.push(world.h.logs);
      }
      if (during) overlapping++;
    }
    await searching;
    await world.h.bot.settled();

    const ran = await ingest.result;
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const summary = ran.stdout.split('\n').find((l) => l.startsWith('Ingested')) ?? '';
    expect(summary).toMatch(
      new RegExp(`^Ingested ${DAYS} day\\(s\\) in [\\d.]+ s: ${DAYS * PER_DAY} papers \\(\\d+ new, \\d+ updated\\), `),
    );
    expect(summary).toContain('0 empty day(s), 0 failed day(s), 0 entries skipped.');
    expect(ran.stdout.match(/^\[\d+\/\d+\]/gm)).toHaveLength(DAYS);

    // The two really overlapped: bot work ran while the ingest wrote, and the bot restarted during it.
    expect(overlapping).toBeGreaterThanOrEqual(5);
    expect(searches).toBeGreaterThanOrEqual(10);
    expect(restarted).toBe(true);

    // Every interaction was answered, none with an internal error.
    expect(answers.filter((a) => a.includes('Something went wrong'))).toEqual([]);
    const postNow = answers.filter((a) => a.startsWith('Posted ') || a.startsWith('Nothing new'));
    expect(postNow).toHaveLength(DAYS);
    expect(votes).toBeGreaterThanOrEqual(DAYS);
    expect(world.h.bot.ctx.votes.count(world.guildId, idOf(0, 0))).toBeGreaterThan(0);

    // The bot stayed up and logged no error (no SQLITE_BUSY, no "database is locked").
    expect(world.h.bot.client.isReady()).toBe(true);
    for (const l of logs) {
      expect(l.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
      expect(l.text()).not.toMatch(/SQLITE_BUSY|database is locked/);
    }

    // Posts went out exactly once per paper and channel: each day's top 3 (top 2 by post-now).
    const best = (n: number) => Array.from({ length: DAYS }, (_, k) => Array.from({ length: n }, (_, i) => idOf(k, i)));
    for (const name of ['papers', 'digest']) {
      const ids = paperIdsOf(world.posts(name));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(best(3).flat().sort());
    }
    const second = paperIdsOf(world.posts('second'));
    expect(second.sort()).toEqual(best(2).flat().sort());

    // The store and the search index hold the whole month, once.
    const db = new BetterSqlite3(world.databasePath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(DAYS * PER_DAY);
      expect(db.prepare('SELECT count(*) FROM paper_days').pluck().get()).toBe(DAYS * PER_DAY);
      expect(db.prepare("SELECT count(*) FROM fetches WHERE outcome <> 'ok'").pluck().get()).toBe(0);
      // One vote per click: each click came from a different member.
      expect(db.prepare("SELECT count(*) FROM votes WHERE source = 'button'").pluck().get()).toBe(votes);
    } finally {
      db.close();
    }
    const final = world.emu.sendSlashCommand({
      channelId: world.ch('logs'),
      name: 'paper',
      subcommand: 'search',
      options: { query: 'diffusion' },
    });
    const page = (await final.response).data as { embeds?: Array<{ footer?: { text?: string } }> };
    expect(page.embeds?.[0]?.footer?.text).toContain(`${(DAYS * PER_DAY) / TOPICS.length} result(s)`);
    console.log(
      `beside ingest: the ingest ran ${ran.ms} ms; meanwhile the bot ran ${overlapping} rounds ` +
        `(tick, search, post-now, upvote) and ${searches} more searches, and restarted once`,
    );
  }, 60_000);
});
