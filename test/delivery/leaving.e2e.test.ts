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
