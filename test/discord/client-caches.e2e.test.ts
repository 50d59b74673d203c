// The bot's discord.js client keeps no members' messages and no members but itself, through the real client and
// the local Discord, and still counts what it must: messages in papers' threads, reactions on its posts, and
// permissions computed from its own member.
import { ChannelType, PermissionFlagsBits, type APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';
import { waitUntil } from '../support/second-server.ts';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const counted = (world: World) => world.h.bot.ctx.db.prepare('SELECT count(*) FROM thread_messages').pluck().get();

describe('the client’s caches', () => {
  it('hold no members’ messages nor members, and messages in threads and reactions on posts still count', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(2) }, at: `${DAY}T08:00:00Z` });
    const world = w;
    const { client } = world.h.bot;
    const [alice, bob] = [...world.emu.guild().members.values()]
      .map((m) => m.userId)
      .filter((id) => id !== world.emu.botUser.id) as [string, string];
    await world.papers('subscribe', { channel: world.ch('papers'), time: '09:00', top: 2, threads: 'on' });
    world.clock.now = new Date(`${DAY}T09:00:05Z`);
    await world.h.bot.tick();
    await world.h.bot.settled();
    const [post] = world.posts('papers') as [APIMessage];
    const thread = post.id;
    await waitUntil(() => world.emu.messages(thread).length === 1, 5000, 'the thread intro');

    // More than discord.js's default of 200 a channel, in a paper's thread and in a plain channel.
    let at = Date.parse(`${DAY}T10:00:00Z`);
    for (let i = 0; i < 250; i++) {
      world.emu.postAsUser(thread, i % 2 ? alice : bob, 'words', { timestamp: (at += 1000) });
      world.emu.postAsUser(world.ch('second'), alice, 'words', { timestamp: (at += 1000) });
    }
    await waitUntil(() => counted(world) === 250, 10_000, '250 counted messages');

    const guild = client.guilds.cache.get(world.guildId)!;
    const threadChannel = client.channels.cache.get(thread);
    const second = client.channels.cache.get(world.ch('second'));
    expect(threadChannel?.type).toBe(ChannelType.PublicThread);
    expect(threadChannel?.isTextBased() && threadChannel.messages.cache.size).toBe(0);
    expect(second?.isTextBased() && second.messages.cache.size).toBe(0);
    expect([...guild.members.cache.keys()]).toEqual([world.emu.botUser.id]);
    // Its own member stays: permission checks are computed from it.
    expect(guild.members.me?.permissionsIn(world.ch('papers')).has(PermissionFlagsBits.SendMessages)).toBe(true);

    // A reaction on its post (never cached) is a vote.
    world.emu.addReaction({ channelId: world.ch('papers'), messageId: post.id, emoji: '👍', userId: alice });
    await waitUntil(() => world.h.bot.ctx.votes.count(world.guildId, '2603.10001') === 1, 5000, 'the reaction vote');
    expect(threadChannel?.isTextBased() && threadChannel.messages.cache.size).toBe(0);
  });
});
