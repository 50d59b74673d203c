// Whether a member is still in a server, asked of the local Discord by REST (Get Guild Member) with the real
// discord.js REST client, remembered for a while on an injected clock.
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemberCheck, MEMBER_TTL_MS } from '../../src/discord/guild-members.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';

let emu: DiscordEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup() {
  emu = await startDiscordEmulator({ guilds: [{ members: [{ username: 'alice' }, { username: 'bob' }] }] });
  const e = emu;
  const clock = { now: new Date('2026-03-02T10:00:00Z') };
  const rest = new REST({ api: `${e.url}/api`, retries: 0 }).setToken(e.token);
  const check = createMemberCheck({ rest, now: () => clock.now });
  const [alice, bob] = [...e.guild().members.keys()].filter((id) => id !== e.botUser.id) as [string, string];
  const asked = (userId: string) =>
    e.requests.filter((r) => r.method === 'GET' && r.path === `/guilds/${e.guild().id}/members/${userId}`).length;
  return { e, guildId: e.guild().id, clock, check, alice, bob, asked };
}

describe('createMemberCheck', () => {
  it('asks Discord once, then remembers a member for a few minutes of the bot’s clock', async () => {
    const { guildId, clock, check, alice, asked } = await setup();
    expect(check.isKnownMember(guildId, alice)).toBe(false);
    expect(await check.check(guildId, alice)).toBe('member');
    expect(await check.check(guildId, alice)).toBe('member');
    expect(asked(alice)).toBe(1);
    expect(check.isKnownMember(guildId, alice)).toBe(true);
    clock.now = new Date(clock.now.getTime() + MEMBER_TTL_MS);
    expect(check.isKnownMember(guildId, alice)).toBe(false);
    expect(await check.check(guildId, alice)).toBe('member');
    expect(asked(alice)).toBe(2);
  });

  it('says a member who left is gone (10007), and throws, remembering nothing, when Discord cannot tell', async () => {
    const { e, guildId, clock, check, alice, bob, asked } = await setup();
    expect(await check.check(guildId, bob)).toBe('member');
    e.removeMember(guildId, bob);
    // Still remembered: the cache trades a few minutes of staleness for one request a member per fetch.
    expect(await check.check(guildId, bob)).toBe('member');
    clock.now = new Date(clock.now.getTime() + MEMBER_TTL_MS);
    expect(await check.check(guildId, bob)).toBe('left');
    expect(check.isKnownMember(guildId, bob)).toBe(false);
    expect(asked(bob)).toBe(2);

    e.injectFault({ pathPattern: new RegExp(`/members/${alice}$`), status: 503 });
    await expect(check.check(guildId, alice)).rejects.toThrow();
    expect(check.isKnownMember(guildId, alice)).toBe(false);
    expect(await check.check(guildId, alice)).toBe('member');
    expect(asked(alice)).toBe(2);
  });
});
