/**
 * What Discord does to scheduled events on its own (the API docs' "Guild Scheduled Event Status Update
 * Automation"), on the emulator's injected clock, seen through the real discord.js Client and raw REST.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, GuildScheduledEventStatus, Partials } from 'discord.js';
import type { GuildScheduledEvent, PartialGuildScheduledEvent, VoiceState } from 'discord.js';
import type { DiscordEmulator } from './emulator.ts';
import { EVENT_AUTOMATION } from './event-automation.ts';
import { botRest, emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();
const MINUTE = 60_000;
const T0 = Date.parse('2031-03-04T10:00:00.000Z');

/** An emulator on a clock the test moves; the bot may create events in #lounge (voice). */
async function world() {
  const clock = { ms: T0 };
  const e = await emulator.start({
    now: () => new Date(clock.ms),
    guilds: [
      {
        botPermissions: ['ViewChannel', 'CreateEvents', 'Connect'],
        members: [{ username: 'alice' }, { username: 'bob' }],
        channels: [{ name: 'general' }, { name: 'lounge', kind: 'voice' }],
      },
    ],
  });
  const client = await emulator.login(e, {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildScheduledEvents, GatewayIntentBits.GuildVoiceStates],
    partials: [Partials.GuildScheduledEvent],
  });
  const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
  return { e, client, clock, at, guildId: e.guild().id };
}

const statusOf = async (e: DiscordEmulator, guildId: string, id: string) =>
  (await botRest(e, 'GET', `/guilds/${guildId}/scheduled-events/${id}`)).body.status;

/** An external event a member creates, from `start` to `end`. */
const external = (start: string, end: string, name = 'Reading') => ({
  name,
  entity_type: 3,
  entity_metadata: { location: 'the thread' },
  scheduled_start_time: start,
  scheduled_end_time: end,
});

/** The bot creates a voice event in #lounge starting at `start`; its id. */
async function voiceEvent(e: DiscordEmulator, guildId: string, start: string): Promise<string> {
  const created = await botRest(e, 'POST', `/guilds/${guildId}/scheduled-events`, {
    name: 'Voice reading',
    privacy_level: 2,
    entity_type: 2,
    channel_id: e.channel('lounge').id,
    scheduled_start_time: start,
  });
  return String(created.body.id);
}

function nextUpdate(client: import('discord.js').Client) {
  return once(client, 'guildScheduledEventUpdate') as Promise<
    [GuildScheduledEvent | PartialGuildScheduledEvent | null, GuildScheduledEvent]
  >;
}

describe("Discord's own changes to scheduled events", () => {
  it('starts an external event at its start time and completes it at its end time, announcing each', async () => {
    const { e, client, clock, at, guildId } = await world();
    const created = e.createScheduledEventAsUser(guildId, external(at(30), at(90)));
    clock.ms = T0 + 29 * MINUTE;
    e.runEventAutomation();
    expect(await statusOf(e, guildId, created.id)).toBe(GuildScheduledEventStatus.Scheduled);

    clock.ms = T0 + 30 * MINUTE;
    const started = nextUpdate(client);
    e.runEventAutomation();
    expect((await started)[1].status).toBe(GuildScheduledEventStatus.Active);

    clock.ms = T0 + 90 * MINUTE;
    const ended = nextUpdate(client);
    e.runEventAutomation();
    expect((await ended)[1].status).toBe(GuildScheduledEventStatus.Completed);
  });

  it('an external event whose start and end both passed unseen goes through active to completed', async () => {
    const { e, client, clock, at, guildId } = await world();
    const created = e.createScheduledEventAsUser(guildId, external(at(30), at(90)));
    const seen: GuildScheduledEventStatus[] = [];
    client.on('guildScheduledEventUpdate', (_old, now) => seen.push(now.status));
    clock.ms = T0 + 3 * 60 * MINUTE;
    // A request is answered as of now, without waiting for the emulator's own timer.
    expect(await statusOf(e, guildId, created.id)).toBe(GuildScheduledEventStatus.Completed);
    await expect.poll(() => seen).toEqual([GuildScheduledEventStatus.Active, GuildScheduledEventStatus.Completed]);
  });

  it('moves events on by itself when the clock moves, without any request or call', async () => {
    const { e, client, clock, at, guildId } = await world();
    e.createScheduledEventAsUser(guildId, external(at(5), at(65)));
    const started = nextUpdate(client);
    clock.ms = T0 + 5 * MINUTE;
    expect((await started)[1].status).toBe(GuildScheduledEventStatus.Active);
  });

  it('completes an active voice event a few minutes after its channel empties, not while anyone is in it', async () => {
    const { e, client, clock, at, guildId } = await world();
    const lounge = e.channel('lounge').id;
    const [alice, bob] = [...e.guild().members.keys()].filter((id) => id !== e.botUser.id);
    const id = await voiceEvent(e, guildId, at(10));
    clock.ms = T0 + 10 * MINUTE;
    expect((await botRest(e, 'PATCH', `/guilds/${guildId}/scheduled-events/${id}`, { status: 2 })).status).toBe(200);

    const joined = once(client, 'voiceStateUpdate') as Promise<[VoiceState, VoiceState]>;
    e.setVoiceChannel(guildId, alice!, lounge);
    expect((await joined)[1].channelId).toBe(lounge);
    e.setVoiceChannel(guildId, bob!, lounge);
    clock.ms += EVENT_AUTOMATION.emptyChannelMs * 3;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Active);

    e.setVoiceChannel(guildId, alice!, null);
    clock.ms += EVENT_AUTOMATION.emptyChannelMs;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Active); // bob is still there
    e.setVoiceChannel(guildId, bob!, null);
    clock.ms += EVENT_AUTOMATION.emptyChannelMs - MINUTE;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Active);
    const ended = nextUpdate(client);
    clock.ms += MINUTE;
    e.runEventAutomation();
    expect((await ended)[1].status).toBe(GuildScheduledEventStatus.Completed);
  });

  it('completes an active voice event no one ever joined a few minutes after it started', async () => {
    const { e, clock, at, guildId } = await world();
    const id = await voiceEvent(e, guildId, at(10));
    clock.ms = T0 + 10 * MINUTE;
    await botRest(e, 'PATCH', `/guilds/${guildId}/scheduled-events/${id}`, { status: 2 });
    clock.ms += EVENT_AUTOMATION.emptyChannelMs - 1;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Active);
    clock.ms += 1;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Completed);
  });

  it('cancels a voice event never started, a few hours after its start time', async () => {
    const { e, clock, at, guildId } = await world();
    const id = await voiceEvent(e, guildId, at(10));
    clock.ms = T0 + 10 * MINUTE + EVENT_AUTOMATION.unstartedMs - 1;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Scheduled);
    clock.ms += 1;
    expect(await statusOf(e, guildId, id)).toBe(GuildScheduledEventStatus.Canceled);
  });

  it('lists only events to come or under way; a finished one is read by id, a deleted one is 10070', async () => {
    const { e, clock, at, guildId } = await world();
    const body = (start: number, end: number) => external(at(start), at(end), `Reading at ${start}`);
    const done = e.createScheduledEventAsUser(guildId, body(10, 20));
    const running = e.createScheduledEventAsUser(guildId, body(10, 60));
    const later = e.createScheduledEventAsUser(guildId, body(100, 160));
    const cancelled = e.createScheduledEventAsUser(guildId, body(200, 260));
    const deleted = e.createScheduledEventAsUser(guildId, body(300, 360));
    e.editScheduledEventAsUser(cancelled.id, { status: 4 });
    e.deleteScheduledEventAsUser(deleted.id);
    clock.ms = T0 + 30 * MINUTE;

    const listed = await botRest(e, 'GET', `/guilds/${guildId}/scheduled-events`);
    expect((listed.body as unknown as Array<{ id: string }>).map((x) => x.id)).toEqual([running.id, later.id]);
    expect(await statusOf(e, guildId, done.id)).toBe(GuildScheduledEventStatus.Completed);
    expect(await statusOf(e, guildId, cancelled.id)).toBe(GuildScheduledEventStatus.Canceled);
    const gone = await botRest(e, 'GET', `/guilds/${guildId}/scheduled-events/${deleted.id}`);
    expect(gone).toMatchObject({ status: 404, body: { code: 10070, message: 'Unknown Guild Scheduled Event' } });
  });
});
