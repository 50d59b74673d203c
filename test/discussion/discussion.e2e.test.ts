// Discussion as a signal: members' messages in papers' threads are counted through the real discord.js client and
// the local Discord (Guild Messages, no Message Content); /paper top sort:discussed and the weekly digest show them.
import { InteractionResponseType } from 'discord-api-types/v10';
import type { APIEmbed, APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';
import { serverOf, waitUntil } from '../support/second-server.ts';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const rows = (world: World) =>
  world.h.bot.ctx.db.prepare('SELECT message_id, paper_id FROM thread_messages ORDER BY message_id').all() as Array<{
    message_id: string;
    paper_id: string;
  }>;

async function paperTop(world: World, options: Record<string, string>) {
  const ix = world.emu.sendSlashCommand({ channelId: world.ch('papers'), name: 'paper', subcommand: 'top', options });
  const res = await ix.response;
  expect(res.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return res.data as { content?: string; embeds?: APIEmbed[]; flags?: number };
}

describe('discussion in papers’ threads', () => {
  it('counts members’ messages (not bots’, not outside threads, not deleted), ranks by them and names the week’s most discussed in the digest', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(3) }, at: `${DAY}T08:00:00Z` });
    const world = w;
    const [alice, bob] = [...world.emu.guild().members.values()]
      .filter((m) => m.userId !== world.emu.botUser.id)
      .map((m) => m.userId) as [string, string];
    await world.papers('subscribe', { channel: world.ch('papers'), time: '09:00', top: 3, threads: 'on' });
    world.clock.now = new Date(`${DAY}T09:00:05Z`);
    await world.h.bot.tick();
    await world.h.bot.settled();
    const posts = world.posts('papers');
    expect(posts).toHaveLength(3);
    // A thread opened on a post has the post's id; each starts with the bot's intro, which is not counted.
    const [thread1, thread2, thread3] = posts.map((p) => p.id) as [string, string, string];
    await waitUntil(() => [thread1, thread2, thread3].every((t) => world.emu.messages(t).length === 1));
    await serverOf(world, world.guildId, 'papers').vote('papers', posts[0] as APIMessage, '2603.10001', alice);

    const nothing = await paperTop(world, { sort: 'discussed' });
    expect(nothing.flags).toBe(64);
    expect(nothing.content).toContain('No paper was discussed here this week');

    let at = Date.parse(`${DAY}T10:00:00Z`);
    const say = (channelId: string, userId: string, opts: { bot?: boolean } = {}) =>
      world.emu.postAsUser(channelId, userId, 'some words', { timestamp: (at += 60_000), ...opts });
    const m1 = say(thread2, alice);
    say(thread2, alice);
    say(thread2, bob);
    say(thread1, alice);
    say(world.ch('papers'), alice); // not a paper's thread
    say(world.ch('second'), bob); // nor this
    const helper = say(thread1, bob, { bot: true }); // another bot: not counted
    await waitUntil(() => rows(world).length === 4);
    await world.h.bot.settled();
    expect(
      rows(world)
        .map((r) => r.paper_id)
        .sort(),
    ).toEqual(['2603.10001', '2603.10002', '2603.10002', '2603.10002']);
    expect(rows(world).some((r) => r.message_id === helper.id)).toBe(false);

    // A deleted message is taken back.
    world.emu.deleteMessageAsUser(thread2, m1.id);
    await waitUntil(() => rows(world).length === 3);

    world.clock.now = new Date(`${DAY}T12:00:00Z`);
    const ranked = await paperTop(world, { sort: 'discussed', period: 'week' });
    expect(ranked.flags ?? 0).toBe(0);
    expect(ranked.embeds?.[0]?.title).toBe('Most discussed papers this week');
    expect(ranked.embeds?.[0]?.description?.split('\n')).toEqual([
      '**1.** [Paper number 2](https://huggingface.co/papers/2603.10002) · 💬 2 messages · 99 on HF',
      '**2.** [Paper number 1](https://huggingface.co/papers/2603.10001) · 💬 1 message · 100 on HF',
    ]);
    // Votes still rank by votes.
    const byVotes = await paperTop(world, {});
    expect(byVotes.embeds?.[0]?.description).toContain('▲ 1 here');

    // The weekly digest on Friday names the week's most discussed paper under the most upvoted ones.
    await world.papers('settings', {
      'weekly-digest': world.ch('digest'),
      'weekly-day': 'Friday',
      'weekly-time': '17:00',
    });
    world.clock.now = new Date('2026-03-06T17:00:30Z');
    await world.h.bot.tick();
    await world.h.bot.settled();
    const [digest] = world.posts('digest');
    expect(digest?.embeds[0]?.description).toContain('[Paper number 1](https://huggingface.co/papers/2603.10001)');
    expect(digest?.embeds[0]?.fields).toEqual([
      { name: 'Most discussed', value: '[Paper number 2](https://huggingface.co/papers/2603.10002) · 💬 2 messages' },
    ]);
    // After a restart the digest is recognised as sent: never twice.
    await world.restart();
    await world.h.bot.tick();
    await world.h.bot.settled();
    expect(world.posts('digest')).toHaveLength(1);

    // A week with votes but nothing discussed: no "Most discussed" line.
    world.clock.now = new Date('2026-03-09T10:00:00Z');
    await serverOf(world, world.guildId, 'papers').vote('papers', posts[2] as APIMessage, '2603.10003', bob);
    world.clock.now = new Date('2026-03-13T17:00:30Z');
    await world.h.bot.tick();
    await world.h.bot.settled();
    const next = world.posts('digest')[1];
    expect(next?.embeds[0]?.description).toContain('2603.10003');
    expect(next?.embeds[0]?.fields ?? []).toEqual([]);
    expect(world.h.logs.lines.filter((l) => l.level === 40 || l.level === 50)).toEqual([]);
  });
});
