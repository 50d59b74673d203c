/**
 * Messages written by members (and other bots) in channels and threads, as the real discord.js Client sees them:
 * MESSAGE_CREATE needs GuildMessages, and the content needs the privileged MessageContent intent.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { Message, PartialMessage, TextChannel } from 'discord.js';
import type { DiscordEmulator } from './emulator.ts';
import { botRest, emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();

const login = (e: DiscordEmulator, intents: GatewayIntentBits[]): Promise<Client> =>
  emulator.login(e, { intents, partials: [Partials.Message, Partials.Channel] });

async function world(privileged = false) {
  const emu = await emulator.start({
    ...(privileged ? { privilegedIntents: ['MessageContent'] as const } : {}),
    guilds: [
      {
        roles: [{ name: 'Muted' }],
        members: [{ username: 'alice' }, { username: 'bob', roles: ['Muted'] }],
        channels: [{ name: 'general' }, { name: 'quiet', overwrites: [{ target: 'Muted', deny: ['SendMessages'] }] }],
      },
    ],
  });
  const guild = emu.guild();
  const [alice, bob] = [...guild.members.values()].filter((m) => m.userId !== emu.botUser.id).map((m) => m.userId);
  return { emu, general: emu.channel('general'), alice: alice!, bob: bob! };
}

const nextMessage = (client: Client) => once(client, 'messageCreate').then(([m]) => m as Message);

describe('members writing', () => {
  it('MESSAGE_CREATE reaches GuildMessages sessions; without MessageContent the content is empty', async () => {
    const { emu, general, alice } = await world();
    const client = await login(emu, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const got = nextMessage(client);
    const posted = emu.postAsUser(general.id, alice, 'what about the diffusion paper?');
    const message = await got;
    expect(message.id).toBe(posted.id);
    expect(message.author.id).toBe(alice);
    expect(message.author.bot).toBe(false);
    expect(message.channelId).toBe(general.id);
    expect(message.guildId).toBe(emu.guild().id);
    expect(message.content).toBe('');
    expect(message.member?.id).toBe(alice);
    // The emulator keeps the real text.
    expect(emu.messages(general.id).at(-1)!.content).toBe('what about the diffusion paper?');
  });

  it('with MessageContent the content arrives; a mention of the bot shows it even without', async () => {
    const { emu, general, alice } = await world(true);
    const reader = await login(emu, [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ]);
    const blind = await login(emu, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const [a, b] = [nextMessage(reader), nextMessage(blind)];
    emu.postAsUser(general.id, alice, 'hello there');
    expect((await a).content).toBe('hello there');
    expect((await b).content).toBe('');

    const [c, d] = [nextMessage(reader), nextMessage(blind)];
    emu.postAsUser(general.id, alice, `<@${emu.botUser.id}> summarise please`);
    expect((await c).content).toBe(`<@${emu.botUser.id}> summarise please`);
    const mentioned = await d;
    expect(mentioned.content).toBe(`<@${emu.botUser.id}> summarise please`);
    expect(mentioned.mentions.users.has(emu.botUser.id)).toBe(true);
  });

  it('sessions without GuildMessages get no MESSAGE_CREATE', async () => {
    const { emu, general, alice } = await world();
    const without = await login(emu, [GatewayIntentBits.Guilds]);
    const withIt = await login(emu, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    let leaked = 0;
    without.on('raw', (p: { t?: string }) => {
      if (p.t === 'MESSAGE_CREATE' || p.t === 'MESSAGE_DELETE') leaked += 1;
    });
    const got = nextMessage(withIt);
    const posted = emu.postAsUser(general.id, alice, 'hi');
    await got;
    const deleted = once(withIt, 'messageDelete');
    emu.deleteMessageAsUser(general.id, posted.id);
    await deleted;
    await new Promise((r) => setTimeout(r, 50));
    expect(leaked).toBe(0);
  });

  it('another bot can write (author.bot), a reply references its message, and non-members or muted members cannot', async () => {
    const { emu, general, alice, bob } = await world();
    const client = await login(emu, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const helper = emu.addMember(emu.guild().id, { username: 'helper-bot' }).userId;
    const first = emu.postAsUser(general.id, alice, 'question');
    const got = new Promise<Message>((resolve) =>
      client.on('messageCreate', (m) => {
        if (m.author.id === helper) resolve(m);
      }),
    );
    emu.postAsUser(general.id, helper, 'an answer', { bot: true, replyTo: first.id });
    const reply = await got;
    expect(reply.author.bot).toBe(true);
    expect(reply.reference?.messageId).toBe(first.id);
    expect(() => emu.postAsUser(general.id, '123456789012345678', 'x')).toThrow(/not a member/);
    expect(() => emu.postAsUser(emu.channel('quiet').id, bob, 'x')).toThrow(/may not send/);
    expect(() => emu.postAsUser(emu.channel('quiet').id, alice, 'fine')).not.toThrow();
  });

  it('messages in a thread reach the client and bump its message_count', async () => {
    const { emu, general, alice } = await world();
    const client = await login(emu, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const channel = client.channels.cache.get(general.id) as TextChannel;
    const thread = await channel.threads.create({ name: 'Reading group' });
    const got = nextMessage(client);
    emu.postAsUser(thread.id, alice, 'first!');
    const message = await got;
    expect(message.channelId).toBe(thread.id);
    emu.postAsUser(thread.id, alice, 'second');
    const fetched = await botRest(emu, 'GET', `/channels/${thread.id}`);
    expect(fetched.body.message_count).toBe(2);
    expect(emu.messages(thread.id).map((m) => m.content)).toEqual(['first!', 'second']);
  });

  it('deleteMessageAsUser dispatches MESSAGE_DELETE { id, channel_id, guild_id } and the message is gone', async () => {
    const { emu, general, alice } = await world();
    const client = await login(emu, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const raw: unknown[] = [];
    client.on('raw', (p: { t?: string; d?: unknown }) => {
      if (p.t === 'MESSAGE_DELETE') raw.push(p.d);
    });
    const got = nextMessage(client);
    const posted = emu.postAsUser(general.id, alice, 'oops');
    await got;
    const deleted = once(client, 'messageDelete');
    emu.deleteMessageAsUser(general.id, posted.id);
    const [message] = (await deleted) as [Message | PartialMessage];
    expect(message.id).toBe(posted.id);
    expect(raw).toEqual([{ id: posted.id, channel_id: general.id, guild_id: emu.guild().id }]);
    const fetched = await botRest(emu, 'GET', `/channels/${general.id}/messages/${posted.id}`);
    expect([fetched.status, fetched.body.code]).toEqual([404, 10008]);
    expect(() => emu.deleteMessageAsUser(general.id, posted.id)).toThrow(/Unknown message/);
  });
});
