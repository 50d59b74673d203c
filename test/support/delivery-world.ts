import { InteractionResponseType } from 'discord-api-types/v10';
import type { APIMessage } from 'discord.js';
import { startBot, tempDbPath, type Harness } from './bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator, type DiscordEmulatorOptions } from './discord/emulator.ts';
import { makeEntry, type HfDailyEntry } from './hf/fixtures.ts';
import { startHfServer, type HfFake } from './hf/server.ts';

/** A Monday, so that the day before and after are ordinary weekdays. */
export const DAY = '2026-03-02';

/** A Daily Papers entry with the given id, title and HF upvotes. */
export const entry = (id: string, upvotes: number, title = `Paper ${id}`, extra: Partial<HfDailyEntry['paper']> = {}) =>
  makeEntry({ paper: { id, title, upvotes, ...extra } });

export const dayOf = (n: number, from = 1): HfDailyEntry[] =>
  Array.from({ length: n }, (_, i) => entry(`2603.${String(10000 + from + i)}`, 100 - i, `Paper number ${from + i}`));

export interface World {
  emu: DiscordEmulator;
  hf: HfFake;
  h: Harness;
  clock: { now: Date };
  databasePath: string;
  ch(name: string): string;
  role(name: string): string;
  guildId: string;
  posts(channel: string): APIMessage[];
  /** Runs a `/papers` subcommand as the server owner and returns the reply's text. */
  papers(sub: string, options?: Record<string, string | number | boolean>, userId?: string): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function deliveryWorld(
  opts: {
    days?: Record<string, unknown[]>;
    at?: string;
    databasePath?: string;
    interactionDeadlineMs?: number;
    env?: Record<string, string>;
    /** A slow Discord: `latencyMs`, `responseLatencyMs`. */
    discord?: Pick<DiscordEmulatorOptions, 'latencyMs' | 'responseLatencyMs'>;
  } = {},
): Promise<World> {
  const clock = { now: new Date(opts.at ?? `${DAY}T09:00:30Z`) };
  const emu = await startDiscordEmulator({
    now: () => clock.now,
    heartbeatIntervalMs: 1000,
    ...opts.discord,
    ...(opts.interactionDeadlineMs ? { interactionDeadlineMs: opts.interactionDeadlineMs } : {}),
    guilds: [
      {
        name: 'Reading Group',
        roles: [{ name: 'readers', mentionable: true }, { name: 'quiet' }],
        members: [{ username: 'alice' }, { username: 'bob' }],
        channels: [
          { name: 'papers' },
          { name: 'digest' },
          { name: 'second' },
          { name: 'logs' },
          { name: 'locked', overwrites: [{ target: 'bot', deny: ['SendMessages'] }] },
        ],
      },
    ],
  });
  const hf = await startHfServer({ days: opts.days ?? { [DAY]: dayOf(5) }, now: () => clock.now });
  const databasePath = opts.databasePath ?? tempDbPath();
  const boot = () =>
    startBot(emu, {
      databasePath,
      hfEndpoint: hf.url,
      cron: false,
      ...(opts.env ? { env: opts.env } : {}),
    });
  let h = await boot();
  await h.bot.settled();
  const guild = emu.guild();
  const world: World = {
    emu,
    hf,
    get h() {
      return h;
    },
    clock,
    databasePath,
    guildId: guild.id,
    ch: (name) => emu.channel(name).id,
    role: (name) => guild.role(name).id,
    posts: (name) => emu.messages(emu.channel(name).id),
    async papers(sub, options = {}, userId) {
      const ix = emu.sendSlashCommand({
        channelId: emu.channel('papers').id,
        name: 'papers',
        subcommand: sub,
        options,
        ...(userId ? { userId } : {}),
      });
      const res = await ix.response;
      if (res.type === InteractionResponseType.DeferredChannelMessageWithSource) {
        await ix.waitUntil((x) => Boolean(x.original?.content), 15_000);
        return ix.original?.content ?? '';
      }
      return (res.data as { content?: string }).content ?? '';
    },
    async restart() {
      await h.bot.stop();
      h = await boot();
      await h.bot.settled();
    },
    async close() {
      await h.bot.stop();
      await hf.close();
      await emu.close();
    },
  };
  return world;
}
