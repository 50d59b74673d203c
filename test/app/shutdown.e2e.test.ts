import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';

let w: World;
afterEach(async () => {
  await w?.close();
});

const member = (i: number) => String(300000000000000000n + BigInt(i));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function posted(): Promise<APIMessage> {
  w = await deliveryWorld({ days: { [DAY]: dayOf(1) } });
  await w.papers('subscribe', { channel: w.ch('papers') });
  await w.papers('post-now', { channel: w.ch('papers') });
  return w.posts('papers')[0] as APIMessage;
}

describe('shutting down', () => {
  it('ignores reactions that arrive once stop() has begun, like interactions', async () => {
    const msg = await posted();
    // Work still in flight (a send) keeps the bot draining for a second after SIGTERM.
    void w.h.bot.ctx.track(sleep(1000));
    const stopped = w.h.bot.stop();
    w.emu.addReaction({ channelId: w.ch('papers'), messageId: msg.id, emoji: '👍', userId: member(1) });
    await stopped;
    const db = openDatabase(w.databasePath);
    try {
      expect(db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM vote_reactions').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    expect(w.h.logs.lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });

  it('settles the vote-count edits before the database closes, and starts none after', async () => {
    const msg = await posted();
    const rejections: unknown[] = [];
    const onRejection = (err: unknown) => rejections.push(err);
    process.on('unhandledRejection', onRejection);
    onTestFinished(() => void process.off('unhandledRejection', onRejection));
    const refresher = w.h.bot.ctx.voteRefresher;
    const edits = () =>
      w.emu.requests.filter((r) => r.method === 'PATCH' && r.path === `/channels/${w.ch('papers')}/messages/${msg.id}`);
    // A vote noted just before SIGTERM is settled by the shutdown, with its one edit.
    void refresher.noteVote(msg.id, false);
    await w.h.bot.stop();
    expect(edits()).toHaveLength(1);
    // Work that outlived the drain notes a vote after the database closed: no timer, no edit, no error.
    void refresher.noteVote(msg.id, false);
    void refresher.noteVote(msg.id, true);
    await sleep(1200); // past quietMs
    expect(edits()).toHaveLength(1);
    expect(rejections).toEqual([]);
    expect(w.h.logs.lines.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });
});
