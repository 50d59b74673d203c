/**
 * Sharding as Discord documents it: GET /gateway/bot recommends a shard count and reports the session start limit;
 * each shard's session holds the guilds with (guild_id >> 22) % num_shards = shard_id, and gets only their events
 * (events outside guilds go to shard 0); IDENTIFY for a shard that does not exist is closed with 4010, and one whose
 * shard would hold too many guilds with 4011.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, type Interaction, type Message } from 'discord.js';
import { WebSocket } from 'ws';
import type { DiscordEmulator } from './emulator.ts';
import { DISCORD_EPOCH, snowflakeAt } from './snowflake.ts';
import { botRest, emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();

/** A guild id on shard `shard` of `count` (ids are time-ordered: the shard is the id's milliseconds mod count). */
const guildIdOn = (shard: number, count: number, k = 0) => snowflakeAt(DISCORD_EPOCH + 10 ** 12 + k * count + shard);

/** IDENTIFY on a raw socket; resolves with the close code, or 0 once READY arrives. */
async function identify(emu: DiscordEmulator, shard?: unknown): Promise<number> {
  const ws = new WebSocket(emu.url.replace(/^http/, 'ws'));
  await once(ws, 'open');
  const outcome = new Promise<number>((resolve) => {
    ws.on('message', (data: Buffer) => {
      const { t } = JSON.parse(data.toString()) as { t?: string };
      if (t === 'READY') resolve(0);
    });
    ws.on('close', (code) => resolve(code));
  });
  ws.send(JSON.stringify({ op: 2, d: { token: emu.token, intents: 1, properties: {}, shard } }));
  const code = await outcome;
  ws.terminate();
  return code;
}

describe('GET /gateway/bot', () => {
  it('recommends a shard per 1,000 guilds, at least one, and reports the session start limit', async () => {
    const one = await emulator.start();
    expect((await botRest(one, 'GET', '/gateway/bot')).body).toEqual({
      url: one.url.replace(/^http/, 'ws'),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    });
    await emulator.login(one, { intents: [GatewayIntentBits.Guilds] });
    const after = (await botRest(one, 'GET', '/gateway/bot')).body.session_start_limit as Record<string, number>;
    expect(after.remaining).toBe(999);
    expect(after.reset_after).toBeGreaterThan(86_000_000);
    expect(after.reset_after).toBeLessThanOrEqual(86_400_000);
  });

  it('recommends 3 shards for 2,001 guilds, and says how many shards may identify at once', async () => {
    const emu = await emulator.start({ guilds: Array.from({ length: 2001 }, () => ({})), maxConcurrency: 16 });
    const { shards, session_start_limit: limit } = (await botRest(emu, 'GET', '/gateway/bot')).body;
    expect(shards).toBe(3);
    expect(limit).toMatchObject({ max_concurrency: 16 });
  });
});

describe('IDENTIFY with a shard', () => {
  it('closes with 4010 for a shard that does not exist and 4011 when one session would hold too many guilds', async () => {
    const emu = await emulator.start({
      guilds: [{ id: guildIdOn(0, 2) }, { id: guildIdOn(1, 2) }, { id: guildIdOn(1, 2, 1) }],
      maxGuildsPerShard: 2,
    });
    expect(await identify(emu, [2, 2])).toBe(4010);
    expect(await identify(emu, [0, 0])).toBe(4010);
    expect(await identify(emu, 'all')).toBe(4010);
    // Three guilds on one connection: too many. Split in two shards: one and two.
    expect(await identify(emu)).toBe(4011);
    expect(await identify(emu, [0, 1])).toBe(4011);
    expect(await identify(emu, [0, 2])).toBe(0);
    expect(await identify(emu, [1, 2])).toBe(0);
  });
});

describe("a client with shards: 'auto'", () => {
  it('runs the recommended shards, each with its own guilds, and gets every event once', async () => {
    const on0 = guildIdOn(0, 2);
    const on1 = guildIdOn(1, 2);
    const emu = await emulator.start({
      guilds: [
        { id: on0, members: [{ username: 'alice' }] },
        { id: on1, members: [{ username: 'bob' }] },
      ],
      recommendedShards: 2,
      // Both shards identify at once (with 1, discord.js waits 5 s between them, as Discord requires).
      maxConcurrency: 2,
    });
    const client = await emulator.login(emu, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      shards: 'auto',
    });
    expect(client.options.shardCount).toBe(2);
    expect(client.options.shards).toEqual([0, 1]);
    expect(client.guilds.cache.get(on0)?.shardId).toBe(0);
    expect(client.guilds.cache.get(on1)?.shardId).toBe(1);

    const interactions: Interaction[] = [];
    const messages: Message[] = [];
    client.on('interactionCreate', (i) => interactions.push(i));
    client.on('messageCreate', (m) => messages.push(m));
    for (const guildId of [on0, on1]) {
      const guild = emu.guild(guildId);
      const member = [...guild.members.keys()].find((id) => id !== emu.botUser.id)!;
      emu.postAsUser(emu.channel('general', guildId).id, member, 'hello');
      const ix = emu.sendSlashCommand({ channelId: emu.channel('general', guildId).id, name: 'ping' });
      await expect.poll(() => interactions.some((i) => i.id === ix.id)).toBe(true);
    }
    await expect.poll(() => messages.length).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(interactions.map((i) => [i.guildId, client.guilds.cache.get(i.guildId!)?.shardId])).toEqual([
      [on0, 0],
      [on1, 1],
    ]);
    expect(messages.map((m) => m.guildId)).toEqual([on0, on1]);
  });
});
