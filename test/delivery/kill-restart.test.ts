// A kill -9 at any moment of a delivery, followed by a restart, leaves every channel with each paper
// exactly once, each thread with one intro, the weekly digest once, and a reading session's reminder to its
// 150 interested members once, in its three messages, and each follower's notification of the day's papers once
// (by DM or in a channel; all sent by the same outbox). The bot runs as a real child process against the local
// Discord and Hugging Face.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { createFollowStore } from '../../src/follows/follow-store.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { createGuildSettingsStore } from '../../src/settings/guild-settings-store.ts';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../src/subscriptions/subscription.ts';
import { dayOf } from '../support/delivery-world.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';
import { startHfServer, type HfFake } from '../support/hf/server.ts';
import { listedOn, paper } from '../support/papers.ts';
import { createVoteStore } from '../../src/votes/vote-store.ts';
import { childEnv, nodeArgs } from '../support/run-script.ts';

const CHANNELS = ['alpha', 'beta', 'gamma'];
const WEEKLY = 'weekly';
/** The thread of a paper with a reading session in 30 minutes: its one-hour reminder is due at start. */
const READING = 'reading';
const INTERESTED = 150;
/** Members following the day's papers: by DM, and in the FOLLOWS channel. */
const DM_FOLLOWERS = 15;
const HERE_FOLLOWERS = 5;
const FOLLOWS = 'follows';
/** 70 mentions a message. */
const REMINDER_MESSAGES = [70, 70, 10];
const PER_CHANNEL = 6;
/**
 * Message and thread creates of the daily posts and the intros in the threads; the weekly digest follows
 * them in the same tick.
 */
const DAILY_REQUESTS = 3 * CHANNELS.length * PER_CHANNEL;
/**
 * Kill when the k-th request touching a channel arrives (message creates and thread creates interleave),
 * spread over the daily posts, then twice as the weekly digest goes out, then as the reminders do. CI
 * (CI=true) runs the full sweep of 24 daily points; a local `npm test` runs every fourth of them, to stay
 * quick. KILL_POINTS=n or KILL_AT=k,k choose others.
 */
const DAILY_POINTS = Number(process.env.KILL_POINTS ?? (process.env.CI ? 24 : 6));
const KILL_POINTS = process.env.KILL_AT
  ? process.env.KILL_AT.split(',').map(Number)
  : [
      ...Array.from({ length: DAILY_POINTS }, (_, i) => 1 + Math.floor((i * DAILY_REQUESTS) / DAILY_POINTS)),
      DAILY_REQUESTS + 1,
      DAILY_REQUESTS + 1,
      DAILY_REQUESTS + 2,
      DAILY_REQUESTS + 3,
      // Within the follows' batch (it may also interleave with the daily posts: it starts after the fetch).
      DAILY_REQUESTS + REMINDER_MESSAGES.length + 1 + 5,
      DAILY_REQUESTS + REMINDER_MESSAGES.length + 1 + 14,
    ];
const PARALLEL = Number(process.env.KILL_PARALLEL ?? 3);

function startChild(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, nodeArgs('src/main.ts'), {
    cwd: mkdtempSync(join(tmpdir(), 'paperboy-kill-cwd-')),
    env: childEnv({ LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

interface Outcome {
  killPoint: number;
  killedAfterRequests: number;
  messages: Record<string, number>;
  distinctPapers: Record<string, number>;
  threads: number;
  /** For each channel, the number of messages in each of its posts' threads: the one intro. */
  intros: Record<string, number[]>;
  /** Mentions in each reminder message, and the distinct members mentioned. */
  reminders: number[];
  mentioned: number;
  /** Messages in each DM follower's DM channel, and the members mentioned by the messages in FOLLOWS. */
  followDms: number[];
  followHere: string[];
  hereFollowers: string[];
  /** Follow notifications the killed bot had sent: between 0 and all of them, the kill fell inside their batch. */
  followsBeforeKill: number;
}

async function runKillPoint(killPoint: number, jitterMs: number): Promise<Outcome> {
  // The bots are child processes on the system clock, delivering the list of the day this test reads now: a kill
  // point that could straddle midnight UTC waits for the new day rather than race it.
  const toMidnight = 86_400_000 - (Date.now() % 86_400_000);
  if (toMidnight < 3 * 60_000) await sleep(toMidnight + 1_000);
  const emu: DiscordEmulator = await startDiscordEmulator({
    latencyMs: 15,
    guilds: [{ name: 'Lab', channels: [...CHANNELS, WEEKLY, READING, FOLLOWS].map((name) => ({ name })) }],
  });
  const today = new Date().toISOString().slice(0, 10);
  const hf: HfFake = await startHfServer({ days: { [today]: dayOf(PER_CHANNEL + 2) } });
  const databasePath = join(mkdtempSync(join(tmpdir(), 'paperboy-kill-')), 'p.db');
  const db = openDatabase(databasePath);
  const subs = createSubscriptionStore(db);
  for (const name of CHANNELS) {
    // Due at 00:00 UTC and never run: the bot delivers as soon as it starts.
    subs.save(
      emu.channel(name).id,
      emu.guild().id,
      { ...SUBSCRIPTION_DEFAULTS, minutes: 0, top: PER_CHANNEL, threads: true },
      null,
    );
  }
  // Last week's upvoted papers (listed on another day, so they are not in today's posts), and a weekly
  // digest due now: the first tick sends it after the daily posts.
  const voted = ['2401.00001', '2401.00002', '2401.00003'];
  createPaperStore(db).save(voted.map((id) => listedOn('2024-01-02', paper(id))));
  const votes = createVoteStore(db);
  voted.forEach((id, i) =>
    Array.from({ length: 3 - i }, (_, m) => votes.toggleButtonVote(emu.guild().id, id, `40000000000000000${m}`)),
  );
  createGuildSettingsStore(db).configureWeekly({
    guildId: emu.guild().id,
    channelId: emu.channel(WEEKLY).id,
    weekday: new Date().getUTCDay(),
    minutes: 0,
    timezone: 'UTC',
    lastWeek: null,
  });
  // A session starting in 30 minutes, scheduled two days ago, with 150 members interested.
  const start = new Date(Date.now() + 30 * 60_000);
  const event = emu.createScheduledEventAsUser(emu.guild().id, {
    name: 'Reading',
    privacy_level: 2,
    entity_type: 3,
    entity_metadata: { location: 'here' },
    scheduled_start_time: start.toISOString(),
    scheduled_end_time: new Date(start.getTime() + 3_600_000).toISOString(),
  });
  const readers: string[] = [];
  for (let i = 0; i < INTERESTED; i++) {
    readers.push(emu.addMember(emu.guild().id, { username: `reader${i}` }).userId);
    emu.markInterested(event.id, readers[i]);
  }
  // Followers of every paper of the day ("Paper number n"), added before it is fetched.
  const follows = createFollowStore(db);
  const afterPk = createPaperStore(db).newestPk();
  const followers = readers.slice(0, DM_FOLLOWERS + HERE_FOLLOWERS);
  followers.forEach((userId, i) =>
    follows.add({
      guildId: emu.guild().id,
      userId,
      query: 'number',
      delivery: i < DM_FOLLOWERS ? 'dm' : 'here',
      channelId: emu.channel(FOLLOWS).id,
      afterPk,
    }),
  );
  db.prepare(
    `INSERT INTO club_sessions (event_id, guild_id, paper_id, thread_id, starts_at, ends_at, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'u', ?)`,
  ).run(
    event.id,
    emu.guild().id,
    voted[0],
    emu.channel(READING).id,
    start.toISOString(),
    new Date(start.getTime() + 3_600_000).toISOString(),
    new Date(Date.now() - 2 * 86_400_000).toISOString(),
  );
  db.close();
  const env = {
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: `${emu.url}/api`,
    HF_ENDPOINT: hf.url,
    ARXIV_ENDPOINT: 'http://127.0.0.1:9',
    DATABASE_PATH: databasePath,
  };
  const channelRequests = () =>
    emu.requests.filter((r) => r.path.startsWith('/channels/') && r.method === 'POST').length;
  let stderr = '';
  const children: ChildProcess[] = [];
  try {
    const first = startChild(env);
    children.push(first);
    first.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((r) => first.on('exit', r));
    const t0 = Date.now();
    await until(() => channelRequests() >= killPoint, 90_000, `request ${killPoint}`);
    const t1 = Date.now();
    if (jitterMs > 0) await sleep(jitterMs);
    first.kill('SIGKILL');
    await exited;
    if (first.signalCode !== 'SIGKILL') throw new Error(`the bot was not killed (${first.signalCode})`);
    const killedAfterRequests = channelRequests();
    const requestsBeforeKill = emu.requests.length;

    const second = startChild(env);
    children.push(second);
    second.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const secondExit = new Promise((r) => second.on('exit', r));
    const check = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true });
    const done = () =>
      check.prepare("SELECT count(*) FROM posts WHERE state = 'sent' AND thread_id IS NOT NULL").pluck().get() ===
        CHANNELS.length * PER_CHANNEL &&
      check.prepare("SELECT count(*) FROM posts WHERE state != 'sent'").pluck().get() === 0 &&
      check.prepare("SELECT count(*) FROM weekly_posts WHERE state = 'sent'").pluck().get() === 1 &&
      check.prepare("SELECT count(*) FROM thread_intros WHERE state = 'sent'").pluck().get() ===
        CHANNELS.length * PER_CHANNEL &&
      check.prepare("SELECT count(*) FROM club_posts WHERE state = 'sent'").pluck().get() ===
        REMINDER_MESSAGES.length &&
      check.prepare("SELECT count(*) FROM follow_messages WHERE state = 'sent'").pluck().get() ===
        DM_FOLLOWERS + HERE_FOLLOWERS;
    try {
      await until(done, 90_000, 'the restarted bot to finish');
    } catch (err) {
      const rows = check
        .prepare(
          "SELECT 'post' AS kind, id, channel_id, state, attempts, error FROM posts UNION ALL " +
            "SELECT 'follow', id, channel_id, state, attempts, error FROM follow_messages",
        )
        .all();
      throw new Error(
        `${(err as Error).message}\n${JSON.stringify(rows)}\n${emu.requests
          .filter((r) => r.method === 'POST')
          .map((r) => `${r.path} ${r.status}`)
          .join('\n')}`,
      );
    } finally {
      check.close();
    }
    const t2 = Date.now();
    second.kill('SIGTERM');
    await secondExit;
    if (process.env.KILL_TIMING)
      console.log(`k=${killPoint} first=${t1 - t0}ms restart+finish=${t2 - t1}ms stop=${Date.now() - t2}ms`);

    const messages: Record<string, number> = {};
    const distinctPapers: Record<string, number> = {};
    const intros: Record<string, number[]> = {};
    for (const name of CHANNELS) {
      const posted = emu.messages(emu.channel(name).id);
      intros[name] = posted.map((m) => emu.messages(m.id).length);
      messages[name] = posted.length;
      distinctPapers[name] = new Set(posted.map((m) => m.embeds[0]?.url)).size;
    }
    messages[WEEKLY] = emu.messages(emu.channel(WEEKLY).id).length;
    const reminders = emu.messages(emu.channel(READING).id).map((m) => m.content.match(/<@\d+>/g) ?? []);
    const mentioned = new Set(reminders.flat()).size;
    const followDms = followers.slice(0, DM_FOLLOWERS).map((u) => {
      const dm = emu.dmChannelOf(u);
      return dm ? emu.messages(dm).length : 0;
    });
    const followHere = emu.messages(emu.channel(FOLLOWS).id).map((m) => m.content.split(' ')[0] ?? '');
    const followChannels = new Set([emu.channel(FOLLOWS).id, ...followers.flatMap((u) => emu.dmChannelOf(u) ?? [])]);
    const followsBeforeKill = emu.requests
      .slice(0, requestsBeforeKill)
      .filter((r) => r.method === 'POST' && r.status < 300 && followChannels.has(r.path.split('/')[2] ?? '')).length;
    const threads = emu.requests.filter(
      (r) => r.method === 'POST' && /\/messages\/\d+\/threads$/.test(r.path) && r.status < 300,
    ).length;
    return {
      killPoint,
      killedAfterRequests,
      messages,
      distinctPapers,
      threads,
      intros,
      reminders: reminders.map((r) => r.length),
      mentioned,
      followDms,
      followHere,
      hereFollowers: followers.slice(DM_FOLLOWERS),
      followsBeforeKill,
    };
  } catch (err) {
    throw new Error(`kill point ${killPoint}: ${(err as Error).message}\n${stderr}`);
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await hf.close();
    await emu.close();
  }
}

describe('kill -9 in the middle of a delivery', () => {
  it(`leaves each paper exactly once in every channel, over ${KILL_POINTS.length} kill points`, async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < KILL_POINTS.length; i += PARALLEL) {
      const batch = KILL_POINTS.slice(i, i + PARALLEL);
      outcomes.push(...(await Promise.all(batch.map((k, j) => runKillPoint(k, (j * 7) % 20)))));
    }
    const expected = Object.fromEntries(CHANNELS.map((c) => [c, PER_CHANNEL]));
    for (const o of outcomes) {
      expect(o.messages, `kill point ${o.killPoint}`).toEqual({ ...expected, [WEEKLY]: 1 });
      expect(o.distinctPapers, `kill point ${o.killPoint}`).toEqual(expected);
      expect(o.threads, `kill point ${o.killPoint}`).toBe(CHANNELS.length * PER_CHANNEL);
      expect(o.intros, `kill point ${o.killPoint}`).toEqual(
        Object.fromEntries(CHANNELS.map((c) => [c, Array<number>(PER_CHANNEL).fill(1)])),
      );
      expect(o.reminders, `kill point ${o.killPoint}`).toEqual(REMINDER_MESSAGES);
      expect(o.mentioned, `kill point ${o.killPoint}`).toBe(INTERESTED);
      expect(o.followDms, `kill point ${o.killPoint}`).toEqual(Array<number>(DM_FOLLOWERS).fill(1));
      expect(o.followHere.sort(), `kill point ${o.killPoint}`).toEqual(o.hereFollowers.map((u) => `<@${u}>`).sort());
    }
    console.log(
      `kill -9 at ${outcomes.length} points ` +
        `(after ${outcomes.map((o) => o.killedAfterRequests).join(', ')} channel requests, of which ` +
        `${outcomes.map((o) => o.followsBeforeKill).join(', ')} follow notifications): ` +
        `every channel ended with each of its ${PER_CHANNEL} papers exactly once and one thread each, ` +
        'one intro in each thread, one weekly digest, ' +
        `one reminder to the ${INTERESTED} interested members in ${REMINDER_MESSAGES.length} messages, ` +
        `and one notification to each of ${DM_FOLLOWERS} followers by DM and ${HERE_FOLLOWERS} in a channel`,
    );
  }, 600_000);
});
