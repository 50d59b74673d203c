/**
 * Direct messages through the real discord.js Client: Create DM (POST /users/@me/channels) gives one channel per
 * user, messages in it follow the guild message rules without permissions, and a user who does not accept DMs
 * from the bot (closed DMs, no mutual guild) answers 403 / 50007.
 */
import { describe, expect, it } from 'vitest';
import { ChannelType, DiscordAPIError, GatewayIntentBits, Partials, Routes } from 'discord.js';
import type { APIDMChannel, APIMessage } from 'discord-api-types/v10';
import type { DMChannel, Message } from 'discord.js';
import { botRest, emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();

async function start(intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages]) {
  const emu = await emulator.start({ guilds: [{ members: [{ username: 'alice' }, { username: 'bob' }] }] });
  const client = await emulator.login(emu, { intents, partials: [Partials.Channel, Partials.Message] });
  const [alice, bob] = [...emu.guild().members.keys()].filter((id) => id !== emu.botUser.id);
  return { emu, client, alice: alice!, bob: bob! };
}

async function rejection(p: Promise<unknown>): Promise<DiscordAPIError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DiscordAPIError);
  return err as DiscordAPIError;
}

describe('Create DM', () => {
  it('client.users.send opens one DM channel per user and the message is stored there', async () => {
    const { emu, client, alice } = await start();
    const sent = await client.users.send(alice, 'Your paper is ready');
    const dmId = emu.dmChannelOf(alice);
    expect(dmId).toBe(sent.channelId);
    expect(sent.channel.type).toBe(ChannelType.DM);
    expect(sent.guildId).toBeNull();
    expect((sent.channel as DMChannel).recipientId).toBe(alice);

    // The cached channel, a forced re-fetch and raw REST all give the same channel.
    const user = await client.users.fetch(alice);
    expect((await user.createDM()).id).toBe(dmId);
    expect((await user.createDM(true)).id).toBe(dmId);
    const raw = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: alice } })) as APIDMChannel;
    expect(raw).toMatchObject({ id: dmId, type: 1, last_message_id: sent.id });
    expect(raw.recipients?.map((u) => u.id)).toEqual([alice]);
    expect(raw).not.toHaveProperty('guild_id');

    await (await user.createDM()).send({ content: 'And a second one', embeds: [{ title: 'Attention' }] });
    expect(emu.messages(dmId!).map((m) => m.content)).toEqual(['Your paper is ready', 'And a second one']);
    expect(emu.messages(dmId!)[0]).not.toHaveProperty('guild_id');
    const history = (await client.rest.get(Routes.channelMessages(dmId!))) as APIMessage[];
    expect(history.map((m) => m.content)).toEqual(['And a second one', 'Your paper is ready']);
    const channel = (await client.rest.get(Routes.channel(dmId!))) as APIDMChannel;
    expect(channel).toMatchObject({ id: dmId, type: 1, last_message_id: history[0]!.id });
  });

  it('opens different channels for different users, without CHANNEL_CREATE', async () => {
    const { emu, client, alice, bob } = await start();
    const before = emu.stats.dispatches;
    const a = await client.users.createDM(alice);
    const b = await client.users.createDM(bob);
    expect(a.id).not.toBe(b.id);
    expect([emu.dmChannelOf(alice), emu.dmChannelOf(bob)]).toEqual([a.id, b.id]);
    expect(emu.stats.dispatches).toBe(before);
    expect(emu.dmChannel(alice)).toMatchObject({ id: a.id, type: 1, recipients: [{ id: alice }] });
  });

  it('refuses a missing or malformed recipient_id (50035) and an unknown user (10013)', async () => {
    const { emu, client } = await start();
    const missing = await botRest(emu, 'POST', '/users/@me/channels', {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 50035,
      errors: { recipient_id: { _errors: [{ code: 'BASE_TYPE_REQUIRED' }] } },
    });
    const malformed = await botRest(emu, 'POST', '/users/@me/channels', { recipient_id: 'alice' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      code: 50035,
      errors: { recipient_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE' }] } },
    });
    const unknown = await botRest(emu, 'POST', '/users/@me/channels', { recipient_id: '123456789012345678' });
    expect(unknown).toEqual({ status: 404, body: { message: 'Unknown User', code: 10013 } });
    const viaClient = await rejection(client.users.send('123456789012345678', 'hi'));
    expect([viaClient.code, viaClient.status]).toEqual([10013, 404]);
  });
});

describe('sending in a DM', () => {
  it('applies the message limits and nonce + enforce_nonce like a guild channel', async () => {
    const { emu, client, alice } = await start();
    const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: alice } })) as APIDMChannel;
    const body = { content: 'Reminder: reading club at 18:00', nonce: 'outbox-42', enforce_nonce: true };
    const first = (await client.rest.post(Routes.channelMessages(dm.id), { body })) as APIMessage;
    const again = (await client.rest.post(Routes.channelMessages(dm.id), { body })) as APIMessage;
    expect(again.id).toBe(first.id);
    expect(first.nonce).toBe('outbox-42');
    expect(emu.messages(dm.id)).toHaveLength(1);
    // Without enforce_nonce the same nonce makes a second message.
    await client.rest.post(Routes.channelMessages(dm.id), { body: { ...body, enforce_nonce: false } });
    expect(emu.messages(dm.id)).toHaveLength(2);

    const tooLong = await botRest(emu, 'POST', `/channels/${dm.id}/messages`, { content: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const empty = await botRest(emu, 'POST', `/channels/${dm.id}/messages`, {});
    expect(empty.body).toMatchObject({ code: 50006 });

    // The bot edits and deletes its own DM messages.
    const edited = (await client.rest.patch(Routes.channelMessage(dm.id, first.id), {
      body: { content: 'Moved to 19:00' },
    })) as APIMessage;
    expect(edited.content).toBe('Moved to 19:00');
    await client.rest.delete(Routes.channelMessage(dm.id, first.id));
    expect(emu.messages(dm.id)).toHaveLength(1);
    // A DM cannot be edited like a guild channel.
    expect((await botRest(emu, 'PATCH', `/channels/${dm.id}`, { name: 'x' })).body).toMatchObject({ code: 50003 });
    // Closing it (DELETE) hides it; opening it again gives the same channel and history.
    expect(await botRest(emu, 'DELETE', `/channels/${dm.id}`)).toMatchObject({
      status: 200,
      body: { id: dm.id, type: 1 },
    });
    expect((await botRest(emu, 'POST', '/users/@me/channels', { recipient_id: alice })).body).toMatchObject({
      id: dm.id,
    });
    expect(emu.messages(dm.id)).toHaveLength(1);
  });

  it('answers 403 / 50007 while the user has closed DMs, and delivers again after openDms', async () => {
    const { emu, client, alice, bob } = await start();
    emu.closeDms(alice);
    // Opening the channel still works; only sending is refused.
    const dm = await client.users.createDM(alice);
    expect(emu.dmChannelOf(alice)).toBe(dm.id);
    const err = await rejection(dm.send('You have a new paper'));
    expect([err.status, err.code, err.message]).toEqual([403, 50007, 'Cannot send messages to this user']);
    const raw = await botRest(emu, 'POST', `/channels/${dm.id}/messages`, { content: 'still there?' });
    expect(raw).toEqual({ status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    expect(emu.messages(dm.id)).toEqual([]);
    await client.users.send(bob, 'bob still gets his');
    expect(emu.messages(emu.dmChannelOf(bob)!)).toHaveLength(1);

    emu.openDms(alice);
    const sent = await dm.send('You have a new paper');
    expect(emu.messages(dm.id).map((m) => m.id)).toEqual([sent.id]);
  });

  it('opens a DM with a user who shares no guild with the bot, but sending gives 50007', async () => {
    const { emu, client } = await start();
    const other = emu.addGuild({ members: [{ username: 'carol' }] });
    const carol = [...other.members.keys()].find((id) => id !== emu.botUser.id)!;
    await client.users.send(carol, 'while we share a guild');
    emu.removeGuild(other.id);
    const dm = await client.users.createDM(carol, { force: true });
    expect(dm.id).toBe(emu.dmChannelOf(carol));
    const err = await rejection(dm.send('after the bot was removed'));
    expect(err.code).toBe(50007);
    // Another bot cannot be messaged either.
    const botDm = (await client.rest.post(Routes.userChannels(), {
      body: { recipient_id: emu.botUser.id },
    })) as APIDMChannel;
    expect((await botRest(emu, 'POST', `/channels/${botDm.id}/messages`, { content: 'me?' })).body).toMatchObject({
      code: 50007,
    });
  });
});

describe('gateway', () => {
  it("the bot's own DM reaches messageCreate with the DirectMessages intent only", async () => {
    const { emu, client, alice } = await start();
    const seen = new Promise<Message>((resolve) => client.once('messageCreate', resolve));
    const sent = await client.users.send(alice, 'ping');
    const message = await seen;
    expect([message.id, message.channel.type, message.guildId]).toEqual([sent.id, ChannelType.DM, null]);

    const guildOnly = await emulator.login(emu, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      partials: [Partials.Channel],
    });
    let dmEvents = 0;
    guildOnly.on('messageCreate', () => (dmEvents += 1));
    await guildOnly.users.send(alice, 'pong');
    await new Promise((r) => setTimeout(r, 100));
    expect(dmEvents).toBe(0);
  });
});
