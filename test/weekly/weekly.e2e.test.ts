import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';
import { joinServer, serverOf, type Server } from '../support/second-server.ts';

let w: World;
afterEach(async () => {
  await w?.close();
});

const member = (i: number) => String(300000000000000000n + BigInt(i));

/** Subscribes the server's #papers, posts today's list and casts one vote, so its weekly digest has a paper. */
async function postedAndVoted(s: Server): Promise<void> {
  await s.papers('subscribe', { channel: s.ch('papers') });
  await s.papers('post-now', { channel: s.ch('papers') });
  await s.vote('papers', s.posts('papers')[0] as APIMessage, '2603.10001', member(1));
}

describe('weekly digest across servers', () => {
  it('moving a digest to later in the week it already went out posts nothing twice and blocks no other server', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(2) } });
    const a = serverOf(w, w.guildId, 'papers');
    const b = await joinServer(w, 'Other Lab', ['papers', 'digest']);
    await postedAndVoted(a);
    await postedAndVoted(b);
    // DAY is a Monday: A's digest is due Tuesday, B's Friday 17:00.
    await a.papers('settings', { 'weekly-digest': a.ch('digest'), 'weekly-day': 'Tuesday', 'weekly-time': '09:00' });
    await b.papers('settings', { 'weekly-digest': b.ch('digest'), 'weekly-day': 'Friday', 'weekly-time': '17:00' });
    w.clock.now = new Date('2026-03-03T09:00:30Z');
    await w.h.bot.tick();
    expect(a.posts('digest')).toHaveLength(1);

    // After this week's digest went out, A moves it to Friday 17:00, like B's.
    const reply = await a.papers('settings', { 'weekly-day': 'Friday', 'weekly-time': '17:00' });
    expect(reply).toContain('Fridays at 17:00 UTC');
    for (const at of ['2026-03-06T17:00:30Z', '2026-03-06T17:01:30Z', '2026-03-06T17:02:30Z']) {
      w.clock.now = new Date(at);
      await w.h.bot.tick();
    }
    expect(b.posts('digest')).toHaveLength(1);
    expect(a.posts('digest')).toHaveLength(1); // this week's went out on Tuesday: never twice
    expect(w.h.logs.lines.filter((l) => l.level === 50)).toEqual([]);
    // Next week A's digest comes on its new day.
    w.clock.now = new Date('2026-03-09T10:00:00Z');
    await a.vote('papers', a.posts('papers')[1] as APIMessage, '2603.10002', member(2));
    w.clock.now = new Date('2026-03-13T17:00:30Z');
    await w.h.bot.tick();
    expect(a.posts('digest')).toHaveLength(2);
  });
});
