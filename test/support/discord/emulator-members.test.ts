/**
 * Guild members through the real discord.js Client: Get Guild Member (GET /guilds/{guild}/members/{user}) answers
 * the guild member object Discord documents, or 404 / 10007 Unknown Member for a user who is not (or no longer) in
 * the server; a member leaving dispatches GUILD_MEMBER_REMOVE only with the privileged GuildMembers intent.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DiscordAPIError, GatewayIntentBits, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { GuildMember, PartialGuildMember } from 'discord.js';
import { botRest, emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();

async function start() {
  const emu = await emulator.start({
    guilds: [{ name: 'Lab', members: [{ username: 'alice' }, { username: 'bob', nick: 'Bobby' }] }],
    privilegedIntents: ['GuildMembers'],
  });
  const [alice, bob] = [...emu.guild().members.keys()].filter((id) => id !== emu.botUser.id) as [string, string];
  return { emu, guildId: emu.guild().id, alice, bob };
}

async function rejection(p: Promise<unknown>): Promise<DiscordAPIError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DiscordAPIError);
  return err as DiscordAPIError;
}

describe('Get Guild Member', () => {
  it('answers the guild member object for a member, 10007 for a user who is not one, 10004 for an unknown guild', async () => {
    const { emu, guildId, bob } = await start();
    const member = await botRest(emu, 'GET', `/guilds/${guildId}/members/${bob}`);
    expect(member.status).toBe(200);
    // The fields of Discord's guild member object (no `permissions`: that is only in interactions).
    expect(member.body).toEqual({
      user: expect.objectContaining({ id: bob, username: 'bob', discriminator: '0', global_name: null }) as unknown,
      nick: 'Bobby',
      avatar: null,
      banner: null,
      roles: [],
      joined_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      communication_disabled_until: null,
      flags: expect.any(Number) as unknown,
    });

    // A user Discord knows who is in another server only.
    const other = emu.addGuild({ name: 'Elsewhere', members: [{ username: 'carol' }] });
    const carol = [...other.members.keys()].find((id) => id !== emu.botUser.id)!;
    expect(await botRest(emu, 'GET', `/guilds/${guildId}/members/${carol}`)).toEqual({
      status: 404,
      body: { message: 'Unknown Member', code: 10007 },
    });
    expect((await botRest(emu, 'GET', `/guilds/${other.id}/members/${carol}`)).status).toBe(200);
    expect(await botRest(emu, 'GET', `/guilds/1/members/${bob}`)).toEqual({
      status: 404,
      body: { message: 'Unknown Guild', code: 10004 },
    });
  });

  it('a member who left answers 10007 at once; only a GuildMembers session hears GUILD_MEMBER_REMOVE', async () => {
    const { emu, guildId, alice, bob } = await start();
    const plain = await emulator.login(emu, { intents: [GatewayIntentBits.Guilds] });
    const members = await emulator.login(emu, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    });
    // Both clients have seen Bob (as an interaction or a fetch would cache him).
    expect((await plain.guilds.cache.get(guildId)!.members.fetch(bob)).nickname).toBe('Bobby');
    await members.guilds.cache.get(guildId)!.members.fetch(bob);
    const heardPlain: string[] = [];
    plain.on('guildMemberRemove', (m) => heardPlain.push(m.id));
    const removed = once(members, 'guildMemberRemove') as Promise<[GuildMember | PartialGuildMember]>;

    emu.removeMember(guildId, bob);
    const [gone] = await removed;
    expect(gone.id).toBe(bob);
    expect(members.guilds.cache.get(guildId)!.members.cache.has(bob)).toBe(false);
    // A later event reaches the plain session after anything sent before it: no GUILD_MEMBER_REMOVE came.
    const created = once(plain, 'channelCreate');
    emu.addChannel(guildId, { name: 'after' });
    await created;
    expect(heardPlain).toEqual([]);

    // Without the intent the cache still holds Bob: only REST (a forced fetch) tells he left.
    const guild = plain.guilds.cache.get(guildId)!;
    expect(guild.members.cache.has(bob)).toBe(true);
    expect((await guild.members.fetch(bob)).id).toBe(bob);
    const err = await rejection(guild.members.fetch({ user: bob, force: true }));
    expect(err.code).toBe(RESTJSONErrorCodes.UnknownMember);
    expect(err.status).toBe(404);
    expect((await rejection(plain.rest.get(Routes.guildMember(guildId, bob)))).code).toBe(10007);
    // Sharing no server with the bot any more, he no longer takes its DMs.
    const dm = await plain.users.createDM(bob);
    expect((await rejection(dm.send('still there?'))).code).toBe(RESTJSONErrorCodes.CannotSendMessagesToThisUser);
    // Alice is still a member.
    expect((await botRest(emu, 'GET', `/guilds/${guildId}/members/${alice}`)).status).toBe(200);
  });

  it('refuses, as a test mistake, to remove the owner, the bot or someone who is not a member', async () => {
    const { emu, guildId, alice, bob } = await start();
    expect(() => emu.removeMember(guildId, alice)).toThrow('owns guild');
    expect(() => emu.removeMember(guildId, emu.botUser.id)).toThrow('removeGuild');
    emu.removeMember(guildId, bob);
    expect(() => emu.removeMember(guildId, bob)).toThrow('is not a member');
  });
});
