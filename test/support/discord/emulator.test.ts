/**
 * The emulator driven by the real, unmodified discord.js 14 Client.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  GatewayIntentBits,
  HTTPError,
  InteractionResponseType,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  StringSelectMenuBuilder,
} from 'discord.js';
import type { ClientOptions, Guild, Interaction, MessageReaction, TextChannel, User } from 'discord.js';
import type { DiscordEmulator } from './emulator.ts';
import type { DiscordEmulatorOptions } from './types.ts';
import { emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();

const clientOptions = (rest: Partial<NonNullable<ClientOptions['rest']>> = {}) => ({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
  partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
  rest,
  allowedMentions: { parse: [] },
});

async function start(options: DiscordEmulatorOptions = {}, rest: Partial<NonNullable<ClientOptions['rest']>> = {}) {
  const emu = await emulator.start(options);
  const client = await emulator.login(emu, clientOptions(rest));
  const general = emu.channel('general');
  return { emu, client, general, textChannel: client.channels.cache.get(general.id) as TextChannel };
}

/** Runs `handler` for the next interaction and exposes its outcome (discord.js errors included). */
function onNextInteraction(client: Client, handler: (i: Interaction) => Promise<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.once('interactionCreate', (i) => void handler(i).then(resolve, reject));
  });
}

const rawFetch = (e: DiscordEmulator, path: string, init: RequestInit = {}) =>
  fetch(`${e.url}/api/v10${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });

describe('login and cache', () => {
  it('reaches ready quickly with guild, channels, roles and computed permissions', async () => {
    const t0 = Date.now();
    const { emu, client } = await start({
      guilds: [
        {
          name: 'Papers',
          roles: [{ name: 'Readers' }],
          channels: [
            { name: 'general' },
            { name: 'read-only', overwrites: [{ target: 'everyone', deny: ['SendMessages'] }] },
          ],
        },
      ],
    });
    expect(Date.now() - t0).toBeLessThan(2000);
    const guild = client.guilds.cache.get(emu.guild().id)!;
    expect(guild.name).toBe('Papers');
    expect(guild.roles.everyone.id).toBe(guild.id);
    expect(guild.roles.cache.map((r) => r.name)).toEqual(expect.arrayContaining(['@everyone', 'Paperboy', 'Readers']));
    expect(guild.members.me?.id).toBe(emu.botUser.id);
    expect(client.user?.bot).toBe(true);
    const general = guild.channels.cache.get(emu.channel('general').id)!;
    const readOnly = guild.channels.cache.get(emu.channel('read-only').id)!;
    expect(general.permissionsFor(guild.members.me!).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(readOnly.permissionsFor(guild.members.me!).has(PermissionFlagsBits.SendMessages)).toBe(false);
    expect(readOnly.permissionsFor(guild.members.me!).has(PermissionFlagsBits.ViewChannel)).toBe(true);
    // ... and the emulator enforces the same permissions on REST.
    const err = await (readOnly as TextChannel).send('hi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(50013);
  });

  it('a guild joined later arrives as GUILD_CREATE; new bot roles change the computed permissions', async () => {
    const { emu, client } = await start();
    const joined = once(client, 'guildCreate') as Promise<[Guild]>;
    const g = emu.addGuild({
      name: 'Second',
      roles: [{ name: 'Muted' }],
      channels: [{ name: 'news', overwrites: [{ target: 'Muted', deny: ['SendMessages'] }] }],
    });
    const [guild] = await joined;
    expect(guild.id).toBe(g.id);
    const news = guild.channels.cache.get(g.channel('news').id) as TextChannel;
    expect(news.permissionsFor(guild.members.me!).has(PermissionFlagsBits.SendMessages)).toBe(true);
    const updated = once(client, 'guildMemberUpdate');
    emu.setBotRoles(g.id, ['Muted']);
    await updated;
    expect(news.permissionsFor(guild.members.me!).has(PermissionFlagsBits.SendMessages)).toBe(false);
    await expect(news.send('x')).rejects.toMatchObject({ code: 50013 });
  });

  it('rejects a wrong token: 401 on REST -> DiscordjsError TokenInvalid; 4004 on the gateway -> Error "Authentication failed"', async () => {
    const emu = await emulator.start({ heartbeatIntervalMs: undefined }); // the emulator's own default
    const client = emulator.client(emu, clientOptions());
    const err = (await client.login('not-the-token').catch((e: unknown) => e)) as Error & { code?: string };
    expect(err.name).toBe('DiscordjsError [TokenInvalid]');
    expect(err.code).toBe('TokenInvalid');
    expect(err.message).toBe('An invalid token was provided.');
    expect(emu.requests.at(-1)).toMatchObject({
      path: '/gateway/bot',
      status: 401,
      response: { message: '401: Unauthorized', code: 0 },
    });

    // Gateway-only rejection (e.g. a token reset between the REST call and IDENTIFY): let REST use the
    // right token by swapping it right after login() set it (its first debug event).
    const second = emulator.client(emu, clientOptions());
    second.once('debug', () => second.rest.setToken(emu.token));
    const disconnect = once(second, 'shardDisconnect');
    const gwErr = (await second.login('revoked-token').catch((e: unknown) => e)) as Error & { code?: string };
    expect(gwErr.message).toBe('Authentication failed');
    expect(gwErr.code).toBeUndefined();
    const [event] = (await disconnect) as [{ code: number }];
    expect(event.code).toBe(4004);
  });
  it('closes with 4014 when a privileged intent is not enabled for the app', async () => {
    const emu = await emulator.start({ heartbeatIntervalMs: undefined }); // the emulator's own default
    const client = emulator.client(emu, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent] });
    await expect(client.login(emu.token)).rejects.toThrow('Used disallowed intents');
  });
});

describe('interactions', () => {
  it('delivers a slash command with subcommand and options; reply arrives as callback type 4 with flags 64', async () => {
    const { emu, client, general } = await start();
    await client.application!.commands.set([
      {
        name: 'papers',
        description: 'Papers',
        options: [
          {
            type: 1,
            name: 'search',
            description: 'Search',
            options: [
              { type: 3, name: 'query', description: 'q', required: true },
              { type: 4, name: 'limit', description: 'n' },
              { type: 7, name: 'channel', description: 'where' },
            ],
          },
        ],
      },
    ]);
    expect(emu.commands.global.map((c) => c.name)).toEqual(['papers']);
    const seen = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply({ content: 'found 3 papers', flags: MessageFlags.Ephemeral });
      return {
        sub: i.options.getSubcommand(),
        query: i.options.getString('query'),
        limit: i.options.getInteger('limit'),
        channel: i.options.getChannel('channel')?.id,
        commandId: i.commandId,
        member: i.member?.user.id,
      };
    });
    const ix = emu.sendSlashCommand({
      channelId: general.id,
      name: 'papers',
      subcommand: 'search',
      options: { query: 'diffusion', limit: 5, channel: general.id },
    });
    expect(await ix.response).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'found 3 papers', flags: 64 }) as unknown,
    });
    expect(await seen).toEqual({
      sub: 'search',
      query: 'diffusion',
      limit: 5,
      channel: general.id,
      commandId: emu.commands.global[0]!.id,
      member: emu.guild().members.get(ix.payload.member!.user.id)!.userId,
    });
    expect(ix.original?.content).toBe('found 3 papers');
    expect(emu.messages(general.id)).toHaveLength(0); // ephemeral replies are not in channel history
  });

  it('deferReply + editReply; a second callback gets 40060', async () => {
    const { emu, client, general } = await start();
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'done', embeds: [new EmbedBuilder().setTitle('Paper')] });
    });
    const ix = emu.sendSlashCommand({ channelId: general.id, name: 'today' });
    expect((await ix.response).type).toBe(5);
    await done;
    const original = await ix.waitForOriginal((m) => m.content === 'done');
    expect(original.embeds[0]?.title).toBe('Paper');
    expect(emu.messages(general.id).map((m) => m.content)).toEqual(['done']);
    expect(
      emu.requests.some(
        (r) => r.method === 'PATCH' && r.path === `/webhooks/${emu.applicationId}/${ix.token}/messages/@original`,
      ),
    ).toBe(true);

    const again = await rawFetch(emu, `/interactions/${ix.id}/${ix.token}/callback`, {
      method: 'POST',
      body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ code: 40060, message: 'Interaction has already been acknowledged.' });
  });

  it('followUp honours the ephemeral flag; withResponse returns the created message', async () => {
    const { emu, client, general } = await start();
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return null;
      const res = await i.reply({ content: 'public answer', withResponse: true });
      await i.followUp({ content: 'just for you', flags: MessageFlags.Ephemeral });
      await i.followUp('for everyone');
      return res.resource?.message?.content;
    });
    const ix = emu.sendSlashCommand({ channelId: general.id, name: 'digest' });
    expect(await done).toBe('public answer');
    expect(ix.followups.map((m) => [m.content, m.flags])).toEqual([
      ['just for you', 64],
      ['for everyone', 0],
    ]);
    expect(emu.messages(general.id).map((m) => m.content)).toEqual(['public answer', 'for everyone']);
    expect(emu.requests.find((r) => r.path.startsWith('/interactions/'))?.query).toEqual({ with_response: 'true' });
  });

  it('sends attachment_size_limit and refuses a reply file larger than it with 413 / 40005', async () => {
    const { emu, client, general } = await start();
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return null;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const limit = i.attachmentSizeLimit;
      const err = await i
        .editReply({ files: [{ attachment: Buffer.alloc(101), name: 'big.txt' }] })
        .catch((e: unknown) => e);
      await i.editReply({ content: 'small', files: [{ attachment: Buffer.alloc(100), name: 'ok.txt' }] });
      return { limit, err };
    });
    const ix = emu.sendSlashCommand({ channelId: general.id, name: 'export', attachmentSizeLimit: 100 });
    const { limit, err } = (await done) as { limit: number; err: unknown };
    expect(limit).toBe(100);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).status).toBe(413);
    expect((err as DiscordAPIError).code).toBe(40005);
    expect(ix.original?.attachments.map((a) => a.filename)).toEqual(['ok.txt']);
  });

  it('after an ephemeral deferReply the first followUp replaces the "thinking" message, as on Discord', async () => {
    const { emu, client, general } = await start();
    const done = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'here you go' });
      await i.followUp({ content: 'one more', flags: MessageFlags.Ephemeral });
    });
    const ix = emu.sendSlashCommand({ channelId: general.id, name: 'digest' });
    await done;
    expect(ix.original).toMatchObject({ content: 'here you go', flags: 64 });
    expect(ix.followups.map((m) => m.content)).toEqual(['one more']);
    expect(emu.messages(general.id)).toHaveLength(0);
  });

  it('a reply after the deadline gets 10062 and ix.response rejects', async () => {
    const { emu, client, general } = await start({ interactionDeadlineMs: 200 });
    const outcome = onNextInteraction(client, async (i) => {
      await new Promise((r) => setTimeout(r, 350));
      if (i.isChatInputCommand()) await i.reply('too late');
    }).catch((e: unknown) => e);
    const ix = emu.sendSlashCommand({ channelId: general.id, name: 'slow' });
    await expect(ix.response).rejects.toMatchObject({ code: 'INTERACTION_NOT_ACKNOWLEDGED' });
    const err = await outcome;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10062);
    expect((err as DiscordAPIError).message).toBe('Unknown interaction');
  });

  it('button click carries the full message; interaction.update edits the stored message', async () => {
    const { emu, client, general, textChannel } = await start();
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('vote:up').setLabel('Upvote').setStyle(ButtonStyle.Primary),
    );
    const sent = await textChannel.send({ content: 'Paper of the day', components: [row] });
    const seen = onNextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.update({ content: 'Paper of the day (1 vote)', components: [] });
      return { messageId: i.message.id, content: i.message.content, customId: i.customId };
    });
    const ix = emu.clickButton({ channelId: general.id, messageId: sent.id, customId: 'vote:up' });
    expect(await ix.response).toMatchObject({ type: 7, data: { content: 'Paper of the day (1 vote)' } });
    expect(await seen).toEqual({ messageId: sent.id, content: 'Paper of the day', customId: 'vote:up' });
    expect(emu.message(sent.id)).toMatchObject({ content: 'Paper of the day (1 vote)', components: [] });
    expect(() => emu.clickButton({ channelId: general.id, messageId: sent.id, customId: 'vote:up' })).toThrow(
      /no component/,
    );
  });

  it('select menu values and autocomplete respond', async () => {
    const { emu, client, general, textChannel } = await start();
    const menu = new StringSelectMenuBuilder()
      .setCustomId('topic')
      .addOptions({ label: 'Vision', value: 'cv' }, { label: 'Language', value: 'nlp' });
    const sent = await textChannel.send({
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    });
    const picked = onNextInteraction(client, async (i) => {
      if (!i.isStringSelectMenu()) throw new Error('expected a select');
      await i.deferUpdate();
      return i.values;
    });
    const sel = emu.selectMenu({ channelId: general.id, messageId: sent.id, customId: 'topic', values: ['nlp'] });
    expect((await sel.response).type).toBe(6);
    expect(await picked).toEqual(['nlp']);

    const focused = onNextInteraction(client, async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      const text = i.options.getFocused();
      await i.respond([{ name: `${text}usion models`, value: 'diffusion' }]);
      return text;
    });
    const ac = emu.sendAutocomplete({
      channelId: general.id,
      name: 'papers',
      subcommand: 'search',
      options: { query: 'diff' },
      focused: 'query',
    });
    expect(await ac.response).toEqual({
      type: 8,
      data: { choices: [{ name: 'diffusion models', value: 'diffusion' }] },
    });
    expect(await focused).toBe('diff');
  });

  it('copes with 1,000 members clicking one button at the same moment', async () => {
    // One process runs both discord.js and the emulator here, and 1,000 callbacks open ~1,000 TCP
    // connections, so the deadline is generous; the point is that nothing is lost or double-handled.
    const { emu, client, general, textChannel } = await start({ interactionDeadlineMs: 15_000 });
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('vote').setLabel('Vote').setStyle(ButtonStyle.Success),
    );
    const sent = await textChannel.send({ content: 'vote', components: [row] });
    client.on('interactionCreate', (i) => {
      if (i.isButton()) i.deferUpdate().catch(() => undefined); // failures show up as unacknowledged below
    });
    const t0 = Date.now();
    const handles = Array.from({ length: 1000 }, (_, n) =>
      emu.clickButton({
        channelId: general.id,
        messageId: sent.id,
        customId: 'vote',
        userId: String(200000000000000000n + BigInt(n)),
      }),
    );
    const results = await Promise.all(handles.map((h) => h.response));
    expect(results.every((r) => r.type === InteractionResponseType.DeferredMessageUpdate)).toBe(true);
    expect(emu.stats.interactions).toBe(1000);
    expect(new Set(handles.map((h) => h.id)).size).toBe(1000);
    expect(
      emu.requests.filter((r) => r.route === '/interactions/:id/:token/callback' && r.status === 204),
    ).toHaveLength(1000);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 20_000);
});

describe('messages, limits and reactions', () => {
  it('nonce + enforce_nonce twice yields one message; files go multipart', async () => {
    const { emu, textChannel, general } = await start();
    const a = await textChannel.send({ content: 'digest', nonce: 'digest-2024-06-01', enforceNonce: true });
    const b = await textChannel.send({ content: 'digest', nonce: 'digest-2024-06-01', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(emu.messages(general.id)).toHaveLength(1);
    const withFile = await textChannel.send({
      content: 'pdf',
      files: [{ attachment: Buffer.from('%PDF-1.7'), name: 'paper.pdf' }],
    });
    expect(withFile.attachments.first()?.name).toBe('paper.pdf');
    const req = emu.requests.at(-1)!;
    expect(req.body).toMatchObject({ content: 'pdf' });
    expect(req.files).toHaveLength(1);
    expect(req.files[0]!.data.toString()).toBe('%PDF-1.7');
  });

  it('refuses payloads over Discord limits with 50035 Invalid Form Body', async () => {
    const { emu, textChannel, general } = await start();
    const err = (await textChannel
      .send({ embeds: [{ title: 'x'.repeat(257) }] })
      .catch((e: unknown) => e)) as DiscordAPIError;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err.code).toBe(50035);
    expect(err.rawError).toMatchObject({
      errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
    });
    const tooMany = await rawFetch(emu, `/channels/${general.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${emu.token}` },
      body: JSON.stringify({
        content: 'y'.repeat(2001),
        components: Array.from({ length: 6 }, () => ({
          type: 1,
          components: [{ type: 2, style: 1, label: 'b', custom_id: `c${Math.random()}` }],
        })),
      }),
    });
    expect(tooMany.status).toBe(400);
    const body = (await tooMany.json()) as { code: number; errors: Record<string, unknown> };
    expect(body.code).toBe(50035);
    expect(Object.keys(body.errors).sort()).toEqual(['components', 'content']);
    expect(emu.messages(general.id)).toHaveLength(0);
  });

  it('a reaction on an uncached seeded message arrives as a partial and can be fetched', async () => {
    const { emu, client, general } = await start();
    const seeded = emu.seedMessage(general.id, { content: 'yesterday', timestamp: Date.now() - 86_400_000 });
    const got = once(client, 'messageReactionAdd') as Promise<[MessageReaction, User]>;
    emu.addReaction({ channelId: general.id, messageId: seeded.id, emoji: { name: '🔥' } });
    const [reaction, user] = await got;
    expect(reaction.partial).toBe(true);
    expect(reaction.message.partial).toBe(true);
    const full = await reaction.fetch();
    expect(full.count).toBe(1);
    expect(full.message.content).toBe('yesterday');
    expect(user.id).toBe(emu.guild().ownerId);
    await full.message.react('👍');
    expect(emu.message(seeded.id)?.reactions?.map((r) => [r.emoji.name, r.count, r.me])).toEqual([
      ['🔥', 1, false],
      ['👍', 1, true],
    ]);
  });

  it('starts a thread from a message (THREAD_CREATE) and enforces the 100-char thread name', async () => {
    const { emu, client, textChannel } = await start();
    const msg = await textChannel.send('discuss');
    const created = once(client, 'threadCreate');
    const thread = await msg.startThread({ name: 'Paper discussion' });
    await created;
    expect(thread.id).toBe(msg.id);
    expect(emu.channel(thread.id).type).toBe(ChannelType.PublicThread);
    await thread.send('first!');
    expect(emu.messages(thread.id).map((m) => m.content)).toEqual(['first!']);
    const other = await textChannel.send('other');
    const err = (await other.startThread({ name: 'n'.repeat(101) }).catch((e: unknown) => e)) as DiscordAPIError;
    expect(err.code).toBe(50035);
  });

  it('CHANNEL_DELETE reaches the client and REST answers 10003 afterwards; unknown routes are 404 and recorded', async () => {
    const { emu, client, general } = await start();
    const deleted = once(client, 'channelDelete');
    emu.deleteChannel(general.id);
    await deleted;
    const err = (await client.channels.fetch(general.id, { force: true }).catch((e: unknown) => e)) as DiscordAPIError;
    expect(err.code).toBe(10003);
    const res = await rawFetch(emu, '/nothing/here', { headers: { authorization: `Bot ${emu.token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(emu.requests.at(-1)).toMatchObject({ path: '/nothing/here', status: 404, route: '' });
  });

  it('removeGuild: GUILD_DELETE without unavailable (guildDelete), and the kept channels answer 403 / 50001', async () => {
    const { emu, client, general, textChannel } = await start();
    await textChannel.send('before');
    const guildId = emu.guild().id;
    const removed = once(client, 'guildDelete') as Promise<[Guild]>;
    emu.removeGuild(guildId);
    const [guild] = await removed;
    expect(guild.id).toBe(guildId);
    expect(client.guilds.cache.has(guildId)).toBe(false);
    const err = (await client.rest
      .post(`/channels/${general.id}/messages`, { body: { content: 'after' } })
      .catch((e: unknown) => e)) as DiscordAPIError;
    expect([err.status, err.code]).toEqual([403, 50001]);
    expect(emu.messages(general.id).map((m) => m.content)).toEqual(['before']); // the channel lives on
    // A reconnecting client is no longer told about the guild.
    const again = await emulator.login(emu, clientOptions());
    expect(again.guilds.cache.has(guildId)).toBe(false);
  });
});

describe('gateway resilience', () => {
  it('dropConnection: discord.js RESUMEs and gets the event dispatched during the gap', async () => {
    const { emu, client, general } = await start();
    const resumed = once(client, 'shardResume');
    emu.dropConnection();
    const ix = emu.sendSlashCommand({ channelId: general.id, name: 'during-gap' });
    const handled = onNextInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
      return i.isChatInputCommand() ? i.commandName : null;
    });
    await resumed;
    expect(await handled).toBe('during-gap');
    expect((await ix.response).type).toBe(4);
    expect(emu.resumes).toBe(1);
    expect(emu.identifies).toBe(1);
  });

  it('op 7 RECONNECT also resumes', async () => {
    const { emu, client } = await start();
    const resumed = once(client, 'shardResume');
    emu.requestReconnect();
    await resumed;
    expect(emu.resumes).toBe(1);
  });
});

describe('faults and rate limits', () => {
  it('an injected 429 with Retry-After is waited out and retried', async () => {
    const { emu, textChannel } = await start();
    emu.injectFault({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.2 });
    const t0 = Date.now();
    await textChannel.send('after 429');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    const posts = emu.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.2, global: false });
    expect(emu.stats.faultsServed).toBe(1);
  });

  it('injected 500s are retried (3 retries by default), then surface as HTTPError', async () => {
    const { emu, textChannel } = await start();
    emu.injectFault({ pathPattern: /\/messages$/, status: 500, times: 2 });
    await textChannel.send('survived');
    expect(emu.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([500, 500, 200]);
    emu.injectFault({ pathPattern: /\/messages$/, status: 500, times: 4 });
    const err = (await textChannel.send('lost').catch((e: unknown) => e)) as HTTPError;
    expect(err).toBeInstanceOf(HTTPError);
    expect(err.status).toBe(500);
  });

  it('an injected 403 surfaces as DiscordAPIError 50013', async () => {
    const { emu, textChannel } = await start();
    emu.injectFault({ pathPattern: /\/messages$/, status: 403, code: 50013 });
    const err = (await textChannel.send('nope').catch((e: unknown) => e)) as DiscordAPIError;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err.code).toBe(50013);
    expect(err.status).toBe(403);
    expect(err.message).toBe('Missing Permissions');
  });

  it('latencyMs delays every response; the global limit answers 429 with X-RateLimit-Global', async () => {
    const { emu, textChannel } = await start({ latencyMs: 100, rateLimits: { globalPerSecond: 3 } });
    const t0 = Date.now();
    await textChannel.send('slow');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => rawFetch(emu, '/users/@me', { headers: { authorization: `Bot ${emu.token}` } })),
    );
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited[0]!.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await limited[0]!.json()).toMatchObject({ global: true, message: 'You are being rate limited.' });
    expect(emu.stats.globalRateLimited).toBe(limited.length);
  });

  it('responseLatencyMs: the request takes effect at once, its answer arrives later (status 0 until then)', async () => {
    const { emu, textChannel, general } = await start({ responseLatencyMs: 300 });
    const t0 = Date.now();
    let answered = false;
    const sending = textChannel.send('on its way back').then((m) => {
      answered = true;
      return m;
    });
    while (emu.messages(general.id).length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(emu.messages(general.id).map((m) => m.content)).toEqual(['on its way back']);
    expect(answered).toBe(false);
    const request = emu.requests.find((r) => r.method === 'POST' && r.path === `/channels/${general.id}/messages`);
    expect(request?.status).toBe(0);
    const message = await sending;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(message.id).toBe(emu.messages(general.id)[0]?.id);
    expect(request?.status).toBe(200);
  });

  it('per-channel message buckets send real headers, so discord.js paces itself without 429s', async () => {
    const { emu, textChannel, general } = await start({
      rateLimits: { messagesPerChannelPer5s: 3, messageWindowMs: 400 },
    });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 7 }, (_, n) => textChannel.send(`m${n}`)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700); // three windows
    expect(emu.messages(general.id)).toHaveLength(7);
    expect(emu.stats.rateLimited).toBe(0);
    const first = emu.requests.find((r) => r.method === 'POST')!;
    expect(first.status).toBe(200);
    // A client that ignores the headers does get a 429 from the emulator.
    const burst = await Promise.all(
      Array.from({ length: 4 }, () =>
        rawFetch(emu, `/channels/${general.id}/messages`, {
          method: 'POST',
          headers: { authorization: `Bot ${emu.token}` },
          body: JSON.stringify({ content: 'raw' }),
        }),
      ),
    );
    const limited = burst.find((r) => r.status === 429)!;
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(emu.stats.rateLimited).toBeGreaterThan(0);
  });
});
