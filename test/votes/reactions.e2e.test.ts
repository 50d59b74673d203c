import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotEvents } from '../../src/app/start-bot.ts';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';
import { waitUntil } from '../support/second-server.ts';

let w: World;
afterEach(async () => {
  await w?.close();
});

const member = (i: number) => String(300000000000000000n + BigInt(i));

describe('reactions cost no request', () => {
  it('a reaction on a message that is not the bot’s, after a restart, fetches nothing; one on the bot’s post still counts', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(1) } });
    await w.papers('subscribe', { channel: w.ch('papers') });
    await w.papers('post-now', { channel: w.ch('papers') });
    const ours = w.posts('papers')[0] as APIMessage;
    const alice = w.emu.guild().channel('papers');
    const chatter = w.emu.seedMessage(alice.id, { authorId: member(5), content: 'what a week' });
    const oldNote = w.emu.seedMessage(alice.id, { content: 'a message of the bot that is no post' });
    await w.restart(); // nothing is cached now
    const since = w.emu.requests.length;

    const events: BotEvents['reaction'][0][] = [];
    w.h.bot.events.on('reaction', (e) => events.push(e));
    for (const [i, message] of [chatter, oldNote].entries()) {
      w.emu.addReaction({ channelId: alice.id, messageId: message.id, emoji: '👍', userId: member(i + 1) });
      w.emu.removeReaction({ channelId: alice.id, messageId: message.id, emoji: '👍', userId: member(i + 1) });
    }
    await waitUntil(() => events.length === 4);
    expect(events.map((e) => [e.messageId, e.added, e.onOwnMessage])).toEqual([
      [chatter.id, true, false],
      [chatter.id, false, false],
      [oldNote.id, true, false],
      [oldNote.id, false, false],
    ]);
    w.emu.addReaction({ channelId: alice.id, messageId: ours.id, emoji: '👍', userId: member(3) });
    await waitUntil(() => w.h.bot.ctx.votes.count(w.guildId, '2603.10001') === 1);
    await w.h.bot.settled();
    const fetched = w.emu.requests
      .slice(since)
      .filter((r) => r.method === 'GET')
      .map((r) => r.path);
    expect(fetched.filter((p) => p.includes('/messages/'))).toEqual([]);
    expect(w.h.bot.ctx.db.prepare('SELECT count(*) FROM vote_reactions').pluck().get()).toBe(1);
  });
});
