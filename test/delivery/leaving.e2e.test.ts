import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverLateArrivals } from '../../src/delivery/run-deliveries.ts';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';

let w: World;
afterEach(async () => {
  await w?.close();
});

const member = (i: number) => String(300000000000000000n + BigInt(i));
const postsTo = (channelId: string, since: number) =>
  w.emu.requests.slice(since).filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
const rows = (sql: string, ...args: unknown[]) => w.h.bot.ctx.db.prepare(sql).all(...args);

/** Ticks every few minutes for an hour: every retry the outbox would make. */
async function anHourOfTicks(from: string): Promise<void> {
  for (let m = 0; m <= 60; m += 5) {
    w.clock.now = new Date(Date.parse(from) + m * 60_000);
    await w.h.bot.tick();
  }
}

describe('leaving stops pending posts at once', () => {
  it('unsubscribing stops the channel’s pending posts; subscribing again never repeats a paper that went out', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(2) } });
    const papers = w.ch('papers');
    await w.papers('subscribe', { channel: papers });
    await w.papers('post-now', { channel: papers });
    expect(w.posts('papers')).toHaveLength(2);
    // Three late arrivals meet a Discord outage: the first is tried (outcome unknown), the rest wait.
    w.hf.setDay(DAY, dayOf(5));
    w.emu.injectFault({ method: 'POST', pathPattern: `/channels/${papers}/messages`, status: 500, times: 1000 });
    await deliverLateArrivals(w.h.bot.ctx);
    expect(rows("SELECT id FROM posts WHERE state = 'pending'")).toHaveLength(3);

    expect(await w.papers('unsubscribe', { channel: papers })).toContain('Unsubscribed');
    expect(rows("SELECT DISTINCT state, error FROM posts WHERE state != 'sent'")).toEqual([
      { state: 'failed', error: 'unsubscribed' },
    ]);
    const since = w.emu.requests.length;
    await anHourOfTicks(`${DAY}T09:10:00Z`);
    expect(postsTo(papers, since)).toEqual([]);

    // Subscribing again: the two sent papers and the one whose send may have gone through are not repeated.
    w.emu.clearFaults();
    await w.papers('subscribe', { channel: papers });
    await w.papers('post-now', { channel: papers });
    const titles = w.posts('papers').map((m) => m.embeds[0]?.title);
    expect(titles).toEqual(['Paper number 1', 'Paper number 2', 'Paper number 4', 'Paper number 5']);
  });

  it('the bot removed from a server stops that server’s pending posts, weekly digest and follow notifications, removes its follows, and posts nothing there again', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(3) } });
    const [papers, digest] = [w.ch('papers'), w.ch('digest')];
    await w.papers('subscribe', { channel: papers });
    await w.papers('post-now', { channel: papers });
    await w.emu.clickButton({
      channelId: papers,
      messageId: (w.posts('papers')[0] as APIMessage).id,
      customId: 'paper:vote:2603.10001',
      userId: member(1),
    }).response;
    await w.papers('settings', { 'weekly-digest': digest, 'weekly-day': 'Tuesday', 'weekly-time': '09:00' });
    // A member follows the papers here: the late arrivals notify them, in a message still pending.
    const follow = w.emu.sendSlashCommand({
      channelId: papers,
      name: 'follow',
      subcommand: 'add',
      options: { query: 'number', where: 'here' },
      userId: member(1),
    });
    expect(((await follow.response).data as { content: string }).content).toContain('Following');
    w.hf.setDay(DAY, dayOf(5));
    w.emu.injectFault({ method: 'POST', pathPattern: /\/messages$/, status: 500, times: 1000 });
    await deliverLateArrivals(w.h.bot.ctx);
    await w.h.bot.ctx.follows.notifier.run();
    expect(rows("SELECT user_id FROM follow_messages WHERE state = 'pending'")).toEqual([{ user_id: member(1) }]);
    w.clock.now = new Date('2026-03-03T09:00:30Z');
    await w.h.bot.tick();
    expect(rows("SELECT week FROM weekly_posts WHERE state = 'pending'")).toHaveLength(1);
    expect(rows("SELECT id FROM posts WHERE state = 'pending'")).toHaveLength(2);

    const since = w.emu.requests.length;
    w.emu.removeGuild(w.guildId);
    const left = () => rows("SELECT id FROM posts WHERE state = 'pending'").length === 0;
    for (let i = 0; i < 200 && !left(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(rows("SELECT DISTINCT state, error FROM posts WHERE state != 'sent'")).toEqual([
      { state: 'failed', error: 'the bot left the server' },
    ]);
    expect(rows('SELECT state, error FROM weekly_posts')).toEqual([
      { state: 'failed', error: 'the bot left the server' },
    ]);
    expect(rows('SELECT state, error FROM follow_messages')).toEqual([
      { state: 'failed', error: 'the bot left the server' },
    ]);
    expect(rows('SELECT id FROM follows')).toEqual([]);
    w.emu.clearFaults();
    await anHourOfTicks('2026-03-03T09:05:00Z');
    w.clock.now = new Date('2026-03-04T09:00:30Z'); // the next day's run, and the next week's digest
    await w.h.bot.tick();
    w.clock.now = new Date('2026-03-10T09:00:30Z');
    await w.h.bot.tick();
    const toTheServer = w.emu.requests
      .slice(since)
      .filter((r) => r.method !== 'GET' && [papers, digest, w.ch('logs')].some((c) => r.path.includes(c)));
    expect(toTheServer).toEqual([]);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls every 5 ms: a slow Discord's requests take a few hundred. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('stopping mid-delivery: at most the one send already in flight', () => {
  it('a slow channel: once /papers unsubscribe has answered, at most one more post reaches the channel', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(8) }, at: `${DAY}T08:50:00Z`, discord: { latencyMs: 150 } });
    const papers = w.ch('papers');
    await w.papers('subscribe', { channel: papers, time: '09:00' });
    w.clock.now = new Date(`${DAY}T09:00:30Z`);
    const tick = w.h.bot.tick(); // eight posts, one at a time
    await until(() => w.posts('papers').length >= 2, 'the second post');

    expect(await w.papers('unsubscribe', { channel: papers })).toContain('Unsubscribed');
    const atAnswer = w.posts('papers').length;
    await tick;
    await w.h.bot.settled();
    await sleep(500); // a post sent regardless would have arrived by now
    expect(w.posts('papers').length - atAnswer).toBeLessThanOrEqual(1);
    expect(w.posts('papers').length).toBeLessThan(8);
    // What went out is recorded as sent (the post in flight too), so subscribing again never repeats it.
    const sent = rows("SELECT message_id FROM posts WHERE state = 'sent' ORDER BY id") as { message_id: string }[];
    expect(sent.map((r) => r.message_id)).toEqual(w.posts('papers').map((m) => m.id));
    expect(rows("SELECT DISTINCT error FROM posts WHERE state != 'sent'")).toEqual([{ error: 'unsubscribed' }]);
  });

  // What is in flight when the bot is removed: the second post, which Discord refuses (the removal reached Discord
  // first) or created (its answer is still on its way back), or the thread opened on it. Nothing follows it: no
  // next post, no thread, no thread intro, no note to the log channel.
  it.each([
    // The removal reaches the bot's gateway before the refusal's answer: a second of latency keeps that order on a
    // loaded machine (with 300 ms a stalled bot sometimes read the 403 first, as it can from Discord, and wrote its
    // log-channel note before it knew it had been removed). No threads here: the first post's thread and intro
    // would be in flight beside the second post, in a channel of their own ("its thread, created" covers them).
    { inFlight: 'the post, refused', discord: { latencyMs: 1000 } },
    { inFlight: 'the post, created', discord: { responseLatencyMs: 300 } },
    { inFlight: 'its thread, created', discord: { responseLatencyMs: 300 } },
  ])(
    'the bot removed mid-delivery ($inFlight): no request goes to the server once GUILD_DELETE is processed',
    async ({ inFlight, discord }) => {
      w = await deliveryWorld({ days: { [DAY]: dayOf(6) }, at: `${DAY}T08:50:00Z`, discord });
      const papers = w.ch('papers');
      await w.papers('settings', { 'log-channel': w.ch('logs') });
      const refused = inFlight === 'the post, refused';
      const threads = refused ? 'off' : 'on';
      expect(await w.papers('subscribe', { channel: papers, time: '09:00', threads })).toContain('Subscribed');
      w.clock.now = new Date(`${DAY}T09:00:30Z`);
      const postRequests = () =>
        w.emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${papers}/messages`);
      const second = () => w.emu.messages(papers)[1];
      const tick = w.h.bot.tick();
      if (inFlight === 'the post, refused') {
        await until(() => postRequests().length >= 2, 'the second post on its way');
        expect(postRequests()[1]?.status).toBe(0);
      } else if (inFlight === 'the post, created') {
        await until(() => second() !== undefined, 'the second post created');
        expect(postRequests()[1]?.status).toBe(0);
      } else {
        await until(() => second()?.thread !== undefined, 'the second post’s thread created');
        const opening = `/channels/${papers}/messages/${second()?.id}/threads`;
        expect(w.emu.requests.find((r) => r.path === opening)?.status).toBe(0);
      }

      let processed = -1;
      w.h.bot.client.once('guildDelete', () => (processed = w.emu.mark())); // after the bot's own listener
      w.emu.removeGuild(w.guildId);
      await until(() => processed >= 0, 'GUILD_DELETE processed');
      await tick;
      await w.h.bot.settled();
      await sleep(1000);

      const toTheServer = w.emu.requests
        .slice(processed)
        .filter((r) => r.path.startsWith('/channels/') || r.path.includes(w.guildId));
      expect(toTheServer.map((r) => `${r.method} ${r.path}`)).toEqual([]);
      expect(postRequests()[1]?.status).toBe(refused ? 403 : 200);
      expect(rows('SELECT state, message_id, thread_id FROM posts ORDER BY id LIMIT 1 OFFSET 1')).toEqual([
        refused
          ? { state: 'failed', message_id: null, thread_id: null }
          : { state: 'sent', message_id: second()?.id, thread_id: '' },
      ]);
      // Only the first post's thread was recorded, with its intro.
      expect(rows('SELECT thread_id FROM thread_intros')).toEqual(
        refused ? [] : [{ thread_id: w.emu.messages(papers)[0]?.thread?.id }],
      );
    },
  );

  it('a reaction vote just before the bot is removed edits no vote count afterwards', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(1) } });
    const papers = w.ch('papers');
    await w.papers('subscribe', { channel: papers });
    await w.papers('post-now', { channel: papers });
    const post = w.posts('papers')[0] as APIMessage;
    const voted = new Promise((resolve) => w.h.bot.events.once('reaction', resolve));
    w.emu.addReaction({ channelId: papers, messageId: post.id, emoji: '👍', userId: member(1) });
    await voted;
    await until(() => rows('SELECT 1 FROM votes').length === 1, 'the vote stored');

    let processed = -1;
    w.h.bot.client.once('guildDelete', () => (processed = w.emu.mark()));
    w.emu.removeGuild(w.guildId);
    await until(() => processed >= 0, 'GUILD_DELETE processed');
    await sleep(1500); // past the refresher's quiet time
    await w.h.bot.settled();
    expect(w.emu.requests.slice(processed).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});
