import { once } from 'node:events';
import { SlashCommandBuilder } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/discord/command-module.ts';
import type { BotContext } from '../../src/app/context.ts';
import type { BotEvents } from '../../src/app/start-bot.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { startBot, tempDbPath, type Harness } from '../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';
import { DISCORD_EPOCH, snowflakeAt } from '../support/discord/snowflake.ts';
import { listedOn, paper } from '../support/papers.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { openDatabase } from '../../src/db/open.ts';

let emu: DiscordEmulator;
let h: Harness | null;

beforeEach(async () => {
  emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
  h = null;
});
afterEach(async () => {
  await h?.bot.stop();
  await emu.close();
});

const commandPuts = () => emu.requests.filter((r) => r.method === 'PUT' && r.path.includes('/commands'));
const general = () => emu.channel('general');

function seedPaper(path: string) {
  const db = openDatabase(path);
  createPaperStore(db).save([
    listedOn('2025-09-08', paper('2509.04664', { title: 'Why Language Models Hallucinate', hfUpvotes: 26 })),
  ]);
  db.close();
}

describe('the bot against the local Discord', () => {
  it('registers its commands on first start, and not again when they are unchanged', async () => {
    const databasePath = tempDbPath();
    h = await startBot(emu, { databasePath });
    expect(commandPuts()).toHaveLength(1);
    expect(emu.commands.global.map((c) => c.name).sort()).toEqual([...(await loadCommands()).keys()].sort());
    const online = h.logs.lines.find((l) => String(l.msg).startsWith('Paperboy is online'));
    expect(online).toMatchObject({ servers: 1, database: databasePath, papers: 0, commands: 'registered globally' });
    expect(h.logs.text()).not.toContain(emu.token);
    await h.bot.stop();

    h = await startBot(emu, { databasePath });
    expect(commandPuts()).toHaveLength(1);
    expect(h.logs.lines.find((l) => String(l.msg).startsWith('Paperboy is online'))).toMatchObject({
      commands: 'unchanged',
    });
  });

  it('registers to the development server when DEV_GUILD_ID is set', async () => {
    const guildId = emu.guild().id;
    h = await startBot(emu, { env: { DEV_GUILD_ID: guildId } });
    expect(commandPuts().map((r) => r.path)).toEqual([`/applications/${emu.applicationId}/guilds/${guildId}/commands`]);
    expect(emu.commands.guild(guildId).length).toBeGreaterThan(0);
  });

  it('answers a slash command and its autocomplete', async () => {
    const databasePath = tempDbPath();
    seedPaper(databasePath);
    h = await startBot(emu, { databasePath });
    const ix = emu.sendSlashCommand({
      channelId: general().id,
      name: 'paper',
      subcommand: 'show',
      options: { paper: 'arXiv:2509.04664v2' },
    });
    const res = await ix.response;
    expect(res.type).toBe(4);
    const data = res.data as { embeds: Array<{ title: string; url: string }>; flags?: number };
    expect(data.embeds[0]).toMatchObject({
      title: 'Why Language Models Hallucinate',
      url: 'https://huggingface.co/papers/2509.04664',
    });

    const ac = emu.sendAutocomplete({
      channelId: general().id,
      name: 'paper',
      subcommand: 'show',
      options: { paper: 'halluc' },
      focused: 'paper',
    });
    const choices = (await ac.response).data as { choices: Array<{ name: string; value: string }> };
    expect(choices.choices).toEqual([{ name: 'Why Language Models Hallucinate (2509.04664)', value: '2509.04664' }]);
  });

  it('answers the autocomplete of a link with a malformed percent-escape, and logs no error', async () => {
    const databasePath = tempDbPath();
    seedPaper(databasePath);
    h = await startBot(emu, { databasePath });
    for (const typed of ['https://arxiv.org/abs/%E0%A4%A', 'https://huggingface.co/papers/2509.%E0%A4%A']) {
      const ac = emu.sendAutocomplete({
        channelId: general().id,
        name: 'paper',
        subcommand: 'show',
        options: { paper: typed },
        focused: 'paper',
      });
      const res = await ac.response;
      expect(res.type).toBe(8);
      expect((res.data as { choices: unknown[] }).choices).toEqual([]);
    }
    expect(h.logs.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('answers an expected problem privately with what to do', async () => {
    h = await startBot(emu);
    const ix = emu.sendSlashCommand({
      channelId: general().id,
      name: 'paper',
      subcommand: 'show',
      options: { paper: 'nothing like this @everyone' },
    });
    const res = await ix.response;
    const data = res.data as { content: string; flags: number; allowed_mentions: { parse: string[] } };
    expect(data.flags & 64).toBe(64);
    expect(data.content).toContain('No stored paper matches');
    expect(data.allowed_mentions.parse).toEqual([]);
  });

  it('answers an unknown command and a crashing handler privately, with a reference that is in the log', async () => {
    const boom: CommandModule<BotContext> = {
      data: new SlashCommandBuilder().setName('boom').setDescription('fails'),
      execute: async (interaction) => {
        await interaction.deferReply();
        throw new Error('database exploded at /secret/path');
      },
    };
    const polite: CommandModule<BotContext> = {
      data: new SlashCommandBuilder().setName('polite').setDescription('refuses'),
      execute: () => Promise.reject(new UserError('Try again tomorrow.')),
    };
    h = await startBot(emu, {
      commands: new Map([
        ['boom', boom],
        ['polite', polite],
      ]),
    });

    const unknown = await emu.sendSlashCommand({ channelId: general().id, name: 'gone' }).response;
    expect(unknown.data).toMatchObject({ flags: 64, content: expect.stringContaining('no /gone command') as string });

    const refused = await emu.sendSlashCommand({ channelId: general().id, name: 'polite' }).response;
    expect(refused.data).toMatchObject({ flags: 64, content: 'Try again tomorrow.' });

    const ix = emu.sendSlashCommand({ channelId: general().id, name: 'boom' });
    expect((await ix.response).type).toBe(5);
    await ix.waitUntil((x) => x.followups.length > 0, 3000);
    const followup = ix.followups[0];
    const text = String((followup as { content?: string }).content);
    const ref = /ref ([0-9A-F]{6})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(text).not.toContain('exploded');
    expect((followup as { flags?: number }).flags! & 64).toBe(64);
    // The public "thinking…" placeholder was removed so the error is not shown to everyone.
    expect(emu.requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'))).toBe(true);
    const logged = h.logs.lines.find((l) => l.ref === ref);
    expect(logged).toMatchObject({ level: 50, msg: 'interaction handler failed' });
    expect(JSON.stringify(logged)).toContain('database exploded');
  });

  it('receives a reaction on a message posted before a restart, without fetching it', async () => {
    const old = emu.seedMessage(general().id, { authorId: emu.botUser.id, content: 'yesterday' });
    h = await startBot(emu);
    const got = once(h.bot.events, 'reaction') as Promise<BotEvents['reaction']>;
    emu.addReaction({ channelId: general().id, messageId: old.id, emoji: '👍' });
    const [event] = await got;
    expect(event).toMatchObject({
      messageId: old.id,
      emoji: '👍',
      added: true,
      onOwnMessage: false, // the bot's, but none of its stored posts: nothing there can count
      guildId: emu.guild().id,
    });
    expect(
      emu.requests.some((r) => r.method === 'GET' && r.path === `/channels/${general().id}/messages/${old.id}`),
    ).toBe(false);
  });

  it('resumes after the gateway connection drops, and keeps answering', async () => {
    h = await startBot(emu);
    emu.dropConnection();
    await waitFor(() => emu.resumes === 1);
    expect(emu.identifies).toBe(1);
    const ix = emu.sendSlashCommand({
      channelId: general().id,
      name: 'paper',
      subcommand: 'show',
      options: { paper: '2509.04664' },
    });
    expect((await ix.response).type).toBe(4);
  });

  it('runs as many shards as Discord recommends, and answers in the servers of each once', async () => {
    await emu.close();
    // Guild ids are time-ordered snowflakes: (id >> 22) % 2 puts these two on shards 0 and 1.
    const ids = [0, 1].map((shard) => snowflakeAt(DISCORD_EPOCH + 10 ** 12 + shard));
    emu = await startDiscordEmulator({
      heartbeatIntervalMs: 1000,
      guilds: ids.map((id) => ({ id })),
      recommendedShards: 2,
      maxConcurrency: 2,
    });
    const databasePath = tempDbPath();
    seedPaper(databasePath);
    h = await startBot(emu, { databasePath });
    expect(h.bot.client.options.shardCount).toBe(2);
    expect(emu.identifies).toBe(2);
    expect(h.logs.lines.find((l) => String(l.msg).startsWith('Paperboy is online'))).toMatchObject({ servers: 2 });
    for (const guildId of ids) {
      const channelId = emu.channel('general', guildId).id;
      const ix = emu.sendSlashCommand({
        channelId,
        name: 'paper',
        subcommand: 'show',
        options: { paper: '2509.04664' },
      });
      expect((await ix.response).type).toBe(4);
      expect(h.bot.client.guilds.cache.get(guildId)?.shardId).toBe(ids.indexOf(guildId));
    }
    await h.bot.settled();
    const callbacks = emu.requests.filter((r) => r.path.endsWith('/callback'));
    expect(callbacks.map((r) => r.status)).toEqual([204, 204]);
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
