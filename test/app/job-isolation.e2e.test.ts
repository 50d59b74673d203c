import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverLateArrivals } from '../../src/delivery/run-deliveries.ts';
import { DAY, dayOf, deliveryWorld, entry, type World } from '../support/delivery-world.ts';
import { joinServer, serverOf } from '../support/second-server.ts';

let w: World;
afterEach(async () => {
  await w?.close();
});

const member = (i: number) => String(300000000000000000n + BigInt(i));
const errorsAbout = (guildId: string) => w.h.logs.lines.filter((l) => l.level === 50 && l.guild === guildId);

describe('one server’s failure is its own', () => {
  it('a stored time zone this runtime does not know skips that server only: the others get their daily posts, late arrivals and weekly digest', async () => {
    w = await deliveryWorld({ at: `${DAY}T08:00:00Z` });
    const a = serverOf(w, w.guildId, 'papers');
    const b = await joinServer(w, 'Other Lab', ['papers', 'digest']);
    for (const s of [a, b]) {
      await s.papers('subscribe', { channel: s.ch('papers') });
      await s.papers('settings', { 'weekly-digest': s.ch('digest'), 'weekly-day': 'Friday', 'weekly-time': '17:00' });
    }
    // A zone the database holds but this Node's ICU does not (written by another build, or by hand).
    const db = w.h.bot.ctx.db;
    db.prepare("UPDATE subscriptions SET timezone = 'Mars/Olympus_Mons' WHERE guild_id = ?").run(a.guildId);
    db.prepare("UPDATE guild_settings SET weekly_timezone = 'Mars/Olympus_Mons' WHERE guild_id = ?").run(a.guildId);

    w.clock.now = new Date(`${DAY}T09:00:30Z`);
    await w.h.bot.tick();
    expect(b.posts('papers')).toHaveLength(5);
    expect(a.posts('papers')).toHaveLength(0);
    expect(errorsAbout(a.guildId).length).toBeGreaterThan(0);

    w.hf.setDay(DAY, [...dayOf(5), entry('2603.20001', 500, 'A late arrival')]);
    w.clock.now = new Date(`${DAY}T09:30:00Z`);
    await deliverLateArrivals(w.h.bot.ctx);
    expect(b.posts('papers')).toHaveLength(6);

    await b.vote('papers', b.posts('papers')[0] as APIMessage, '2603.10001', member(1));
    w.clock.now = new Date('2026-03-06T17:00:30Z');
    await w.h.bot.tick();
    expect(b.posts('digest')).toHaveLength(1);
    expect(a.posts('digest')).toHaveLength(0);
  });

  it('a channel whose pending digest cannot be read is logged with its server, and the other servers’ posts go out', async () => {
    w = await deliveryWorld({ at: `${DAY}T08:00:00Z` });
    const a = serverOf(w, w.guildId, 'papers');
    const b = await joinServer(w, 'Other Lab', ['papers', 'digest']);
    await b.papers('subscribe', { channel: b.ch('papers') });
    // A row a crash or a hand edit left unreadable.
    w.h.bot.ctx.db
      .prepare(
        'INSERT INTO weekly_posts (guild_id, week, channel_id, paper_ids, nonce, created_at) ' +
          "VALUES (?, '2026-W09', ?, 'not json', 'abc', '2026-03-01T00:00:00Z')",
      )
      .run(a.guildId, a.ch('digest'));
    w.clock.now = new Date(`${DAY}T09:00:30Z`);
    await w.h.bot.tick();
    expect(b.posts('papers')).toHaveLength(5);
    expect(errorsAbout(a.guildId).map((l) => l.channel)).toContain(a.ch('digest'));
  });
});
