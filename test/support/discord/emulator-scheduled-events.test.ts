/**
 * Guild scheduled events as Discord answers them, driven through the real discord.js Client where it can be,
 * and through raw REST for the refusals.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  Partials,
} from 'discord.js';
import type { GuildScheduledEvent, User } from 'discord.js';
import type { DiscordEmulator } from './emulator.ts';
import { botRest, emulatorClients } from './test-clients.ts';
import type { GuildSpec } from './types.ts';

const emulator = emulatorClients();

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const WORLD: GuildSpec = {
  name: 'Events',
  botPermissions: [
    'ViewChannel',
    'SendMessages',
    'CreateEvents',
    'Connect',
    'ManageChannels',
    'MuteMembers',
    'MoveMembers',
  ],
  members: [{ username: 'alice' }, { username: 'bob' }, { username: 'carol' }],
  channels: [
    { name: 'general' },
    { name: 'lounge', kind: 'voice' },
    { name: 'quiet', kind: 'voice', overwrites: [{ target: 'bot', deny: ['Connect'] }] },
    { name: 'talks', kind: 'stage' },
    { name: 'podium', kind: 'stage', overwrites: [{ target: 'bot', deny: ['MoveMembers'] }] },
  ],
};

const start = (guild: GuildSpec = WORLD) => emulator.start({ guilds: [guild] });

async function login(
  e: DiscordEmulator,
  intents: number[] = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildScheduledEvents],
) {
  const client = await emulator.login(e, { intents, partials: [Partials.User, Partials.GuildScheduledEvent] });
  return { client, guild: client.guilds.cache.get(e.guild().id)! };
}

const external = (extra: Record<string, unknown> = {}) => ({
  name: 'Reading group',
  privacy_level: 2,
  entity_type: 3,
  scheduled_start_time: inHours(1),
  scheduled_end_time: inHours(2),
  entity_metadata: { location: 'Room 101' },
  ...extra,
});

describe('creating scheduled events', () => {
  it('creates external, voice and stage events through discord.js; a new session gets them in GUILD_CREATE', async () => {
    const e = await start();
    const { guild } = await login(e);
    const when = new Date(Date.now() + HOUR);
    const ext = await guild.scheduledEvents.create({
      name: 'Reading group',
      description: 'Attention is all you need',
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      scheduledStartTime: when,
      scheduledEndTime: new Date(when.getTime() + HOUR),
      entityMetadata: { location: 'Library, room 2' },
    });
    expect(ext).toMatchObject({
      name: 'Reading group',
      description: 'Attention is all you need',
      status: GuildScheduledEventStatus.Scheduled,
      entityType: GuildScheduledEventEntityType.External,
      channelId: null,
      creatorId: e.botUser.id,
      entityId: null,
      entityMetadata: { location: 'Library, room 2' },
      scheduledStartTimestamp: when.getTime(),
    });
    expect(ext.creator?.id).toBe(e.botUser.id);
    const voice = await guild.scheduledEvents.create({
      name: 'Voice chat',
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.Voice,
      scheduledStartTime: when,
      channel: e.channel('lounge').id,
    });
    expect(voice).toMatchObject({
      channelId: e.channel('lounge').id,
      entityMetadata: null,
      scheduledEndTimestamp: null,
    });
    const stage = await guild.scheduledEvents.create({
      name: 'Talk',
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.StageInstance,
      scheduledStartTime: when,
      channel: e.channel('talks').id,
    });
    expect(stage.channelId).toBe(e.channel('talks').id);
    expect(e.scheduledEvents().map((x) => [x.name, x.entity_type, x.status, x.user_count])).toEqual([
      ['Reading group', 3, 1, 0],
      ['Voice chat', 2, 1, 0],
      ['Talk', 1, 1, 0],
    ]);

    e.markInterested(ext.id, e.guild().members.get([...e.guild().members.keys()][2]!)!.userId);
    const fetched = await guild.scheduledEvents.fetch();
    expect(fetched.map((x) => [x.name, x.userCount])).toEqual([
      ['Reading group', 1],
      ['Voice chat', 0],
      ['Talk', 0],
    ]);
    expect((await guild.scheduledEvents.fetch(voice.id)).name).toBe('Voice chat');
    const plain = await botRest(e, 'GET', `/guilds/${guild.id}/scheduled-events`);
    expect(plain.body).toEqual([
      expect.not.objectContaining({ user_count: expect.anything() as unknown }) as unknown,
      expect.anything(),
      expect.anything(),
    ]);

    const { guild: again } = await login(e);
    expect(again.scheduledEvents.cache.map((x) => x.name)).toEqual(['Reading group', 'Voice chat', 'Talk']);
  });

  it('refuses invalid bodies with 400 / 50035 and the field in `errors`', async () => {
    const e = await start();
    const g = e.guild().id;
    const lounge = e.channel('lounge').id;
    const talks = e.channel('talks').id;
    const voice = (extra: Record<string, unknown>) => ({
      name: 'V',
      privacy_level: 2,
      entity_type: 2,
      scheduled_start_time: inHours(1),
      channel_id: lounge,
      ...extra,
    });
    const cases: [string, Record<string, unknown>, string[], string][] = [
      ['no name', external({ name: undefined }), ['name'], 'BASE_TYPE_REQUIRED'],
      ['name of 101', external({ name: 'x'.repeat(101) }), ['name'], 'BASE_TYPE_BAD_LENGTH'],
      ['privacy 1', external({ privacy_level: 1 }), ['privacy_level'], 'BASE_TYPE_CHOICES'],
      ['no privacy', external({ privacy_level: undefined }), ['privacy_level'], 'BASE_TYPE_REQUIRED'],
      [
        'start in the past',
        external({ scheduled_start_time: inHours(-1) }),
        ['scheduled_start_time'],
        'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
      ],
      ['start not a date', external({ scheduled_start_time: 'soon' }), ['scheduled_start_time'], 'DATE_TYPE_PARSE'],
      ['no start', external({ scheduled_start_time: undefined }), ['scheduled_start_time'], 'BASE_TYPE_REQUIRED'],
      ['description of 1001', external({ description: 'd'.repeat(1001) }), ['description'], 'BASE_TYPE_MAX_LENGTH'],
      ['entity type 4', external({ entity_type: 4 }), ['entity_type'], 'BASE_TYPE_CHOICES'],
      [
        'external, no location',
        external({ entity_metadata: {} }),
        ['entity_metadata', 'location'],
        'BASE_TYPE_REQUIRED',
      ],
      [
        'external, location of 101',
        external({ entity_metadata: { location: 'l'.repeat(101) } }),
        ['entity_metadata', 'location'],
        'BASE_TYPE_BAD_LENGTH',
      ],
      ['external, no end', external({ scheduled_end_time: undefined }), ['scheduled_end_time'], 'BASE_TYPE_REQUIRED'],
      [
        'external, end before start',
        external({ scheduled_end_time: inHours(0.5) }),
        ['scheduled_end_time'],
        'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      ],
      [
        'external with a channel',
        external({ channel_id: lounge }),
        ['channel_id'],
        'GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED',
      ],
      ['voice without channel', voice({ channel_id: undefined }), ['channel_id'], 'BASE_TYPE_REQUIRED'],
      [
        'voice in a stage channel',
        voice({ channel_id: talks }),
        ['channel_id'],
        'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE',
      ],
      [
        'voice in a text channel',
        voice({ channel_id: e.channel('general').id }),
        ['channel_id'],
        'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE',
      ],
      [
        'stage in a voice channel',
        voice({ entity_type: 1 }),
        ['channel_id'],
        'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE',
      ],
      ['voice in an unknown channel', voice({ channel_id: '1234' }), ['channel_id'], 'BASE_TYPE_CHOICES'],
    ];
    for (const [label, body, path, code] of cases) {
      const res = await botRest(e, 'POST', `/guilds/${g}/scheduled-events`, body);
      expect([label, res.status, res.body.code]).toEqual([label, 400, 50035]);
      let node = res.body.errors as Record<string, unknown>;
      for (const key of path) node = node[key] as Record<string, unknown>;
      expect([label, (node._errors as { code: string }[])[0]!.code]).toEqual([label, code]);
    }
    expect(e.scheduledEvents()).toEqual([]);
    // A voice event may end, or not.
    expect(
      (await botRest(e, 'POST', `/guilds/${g}/scheduled-events`, voice({ scheduled_end_time: inHours(3) }))).status,
    ).toBe(200);
  });

  it('needs Create Events (or Manage Events), plus Connect in a voice channel and Move/Mute Members, Manage Channels in a stage: 403 / 50013', async () => {
    const e = await start();
    const g = e.guild().id;
    const voice = (channel: string) => ({
      name: 'V',
      privacy_level: 2,
      entity_type: 2,
      scheduled_start_time: inHours(1),
      channel_id: e.channel(channel).id,
    });
    const stage = (channel: string) => ({ ...voice(channel), entity_type: 1 });
    const post = (body: unknown) =>
      botRest(e, 'POST', `/guilds/${g}/scheduled-events`, body).then((r) => [r.status, r.body.code ?? 'ok']);
    expect(await post(voice('lounge'))).toEqual([200, 'ok']);
    expect(await post(voice('quiet'))).toEqual([403, 50013]);
    expect(await post(stage('talks'))).toEqual([200, 'ok']);
    expect(await post(stage('podium'))).toEqual([403, 50013]);

    e.setRolePermissions(g, e.guild().botRoleId, ['ViewChannel', 'Connect']);
    expect(await post(external())).toEqual([403, 50013]);
    expect(await post(voice('lounge'))).toEqual([403, 50013]);
    e.setRolePermissions(g, e.guild().botRoleId, ['ViewChannel', 'Connect', 'ManageEvents']);
    expect(await post(external())).toEqual([200, 'ok']);

    // Someone else's event needs Manage Events to edit or delete; the bot's own needs Create Events.
    const theirs = e.createScheduledEventAsUser(g, external());
    e.setRolePermissions(g, e.guild().botRoleId, ['ViewChannel', 'CreateEvents']);
    const own = (await botRest(e, 'POST', `/guilds/${g}/scheduled-events`, external())).body.id as string;
    expect((await botRest(e, 'PATCH', `/guilds/${g}/scheduled-events/${own}`, { name: 'Mine' })).status).toBe(200);
    expect(
      (await botRest(e, 'PATCH', `/guilds/${g}/scheduled-events/${theirs.id}`, { name: 'Theirs' })).body.code,
    ).toBe(50013);
    expect((await botRest(e, 'DELETE', `/guilds/${g}/scheduled-events/${theirs.id}`)).body.code).toBe(50013);
    expect((await botRest(e, 'DELETE', `/guilds/${g}/scheduled-events/${own}`)).status).toBe(204);
  });
});

describe('limits', () => {
  it('holds at most 100 unfinished events per guild (400 / 30038); canceled ones do not count', async () => {
    const e = await start();
    const g = e.guild().id;
    const ids = Array.from({ length: 100 }, (_, i) => e.createScheduledEventAsUser(g, external({ name: `E${i}` })).id);
    const over = await botRest(e, 'POST', `/guilds/${g}/scheduled-events`, external());
    expect([over.status, over.body.code]).toEqual([400, 30038]);
    e.editScheduledEventAsUser(ids[0]!, { status: 4 });
    expect((await botRest(e, 'POST', `/guilds/${g}/scheduled-events`, external())).status).toBe(200);
  });
});

describe('editing scheduled events', () => {
  it('allows SCHEDULED -> ACTIVE -> COMPLETED and SCHEDULED -> CANCELED only; finished events cannot be edited (180000)', async () => {
    const e = await start();
    const { guild } = await login(e);
    const create = () =>
      guild.scheduledEvents.create({
        name: 'Talk',
        privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
        entityType: GuildScheduledEventEntityType.Voice,
        scheduledStartTime: Date.now() + HOUR,
        channel: e.channel('lounge').id,
      });
    const path = (ev: GuildScheduledEvent) => `/guilds/${guild.id}/scheduled-events/${ev.id}`;
    const a = await create();
    expect((await botRest(e, 'PATCH', path(a), { status: 3 })).body).toMatchObject({
      code: 50035,
      errors: { status: { _errors: [{ code: 'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION' }] } },
    });
    const later = Date.now() + 3 * HOUR;
    const renamed = await a.edit({ name: 'Talk (moved)', scheduledStartTime: later });
    expect([renamed.name, renamed.scheduledStartTimestamp]).toEqual(['Talk (moved)', later]);
    expect((await a.setStatus(GuildScheduledEventStatus.Active)).status).toBe(GuildScheduledEventStatus.Active);
    expect((await botRest(e, 'PATCH', path(a), { status: 1 })).body.code).toBe(50035);
    expect((await botRest(e, 'PATCH', path(a), { status: 4 })).body.code).toBe(50035);
    expect((await a.setStatus(GuildScheduledEventStatus.Completed)).status).toBe(GuildScheduledEventStatus.Completed);
    await expect(a.edit({ name: 'again' })).rejects.toMatchObject({ code: 180000, status: 400 });

    const b = await create();
    expect((await b.setStatus(GuildScheduledEventStatus.Canceled)).status).toBe(GuildScheduledEventStatus.Canceled);
    expect((await botRest(e, 'PATCH', path(b), { status: 2 })).body).toMatchObject({ code: 180000 });
    expect(() => e.editScheduledEventAsUser(b.id, { name: 'x' })).toThrow('Cannot update a finished event');

    // Edits follow the create rules: switching to EXTERNAL needs channel_id null, a location and an end.
    const c = await create();
    expect((await botRest(e, 'PATCH', path(c), { entity_type: 3 })).body.errors).toMatchObject({
      channel_id: expect.anything() as unknown,
      entity_metadata: { location: expect.anything() as unknown },
      scheduled_end_time: expect.anything() as unknown,
    });
    const moved = await botRest(e, 'PATCH', path(c), {
      entity_type: 3,
      channel_id: null,
      entity_metadata: { location: 'Park' },
      scheduled_end_time: new Date(Date.now() + 2 * HOUR).toISOString(),
    });
    expect(moved.body).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: 'Park' } });
    expect((await botRest(e, 'PATCH', path(c), { scheduled_start_time: inHours(-2) })).body.code).toBe(50035);

    // Deleted, and unknown, events answer 10070.
    await guild.scheduledEvents.delete(c.id);
    for (const [method, p] of [
      ['GET', path(c)],
      ['PATCH', path(c)],
      ['DELETE', path(c)],
      ['GET', `${path(c)}/users`],
    ] as const) {
      expect(await botRest(e, method, p, method === 'PATCH' ? { name: 'x' } : undefined)).toMatchObject({
        status: 404,
        body: { code: 10070, message: 'Unknown Guild Scheduled Event' },
      });
    }
  });
});

describe('interested users', () => {
  it('pages subscribers by user id with limit, after and before; with_member adds the member', async () => {
    const e = await start();
    const { guild } = await login(e);
    const ev = (await botRest(e, 'POST', `/guilds/${guild.id}/scheduled-events`, external())).body.id as string;
    const ids = Array.from({ length: 150 }, (_, i) => e.addMember(guild.id, { username: `reader${i}` }).userId);
    for (const id of [...ids].reverse()) e.markInterested(ev, id);
    const sorted = [...ids].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    expect(e.interestedUsers(ev)).toEqual(sorted);
    expect(e.scheduledEvent(ev).user_count).toBe(150);

    const event = await guild.scheduledEvents.fetch(ev);
    // discord.js sends before/after (see its JS), but its typings list only limit and withMember.
    type PageOptions = { limit?: number; withMember?: boolean; before?: string; after?: string };
    const page = (o: PageOptions = {}) => event.fetchSubscribers(o);
    const first = await page();
    expect([...first.keys()]).toEqual(sorted.slice(0, 100));
    const next = await page({ after: sorted[99]!, limit: 30 });
    expect([...next.keys()]).toEqual(sorted.slice(100, 130));
    const last = await page({ after: sorted[129]! });
    expect([...last.keys()]).toEqual(sorted.slice(130));
    const before = await page({ before: sorted[50]!, limit: 10 });
    expect([...before.keys()]).toEqual(sorted.slice(40, 50));
    const withMember = await page({ limit: 1, withMember: true });
    const sub = withMember.first()!;
    expect(sub).toMatchObject({
      guildScheduledEventId: ev,
      user: { id: sorted[0], username: expect.any(String) as unknown },
    });
    expect((sub as unknown as { member: { id: string } | null }).member?.id).toBe(sorted[0]);
    expect((await page({ limit: 1 })).first()).toMatchObject({ member: null });

    const raw = await botRest(e, 'GET', `/guilds/${guild.id}/scheduled-events/${ev}/users?limit=2&with_member=true`);
    expect(raw.body).toEqual([
      {
        guild_scheduled_event_id: ev,
        user: expect.objectContaining({ id: sorted[0] }) as unknown,
        member: expect.objectContaining({ roles: [] }) as unknown,
      },
      expect.objectContaining({ user: expect.objectContaining({ id: sorted[1] }) as unknown }) as unknown,
    ]);
    expect((await botRest(e, 'GET', `/guilds/${guild.id}/scheduled-events/${ev}/users?limit=101`)).body).toMatchObject({
      code: 50035,
      errors: { limit: { _errors: [{ code: 'NUMBER_TYPE_MAX' }] } },
    });
    expect((await botRest(e, 'GET', `/guilds/${guild.id}/scheduled-events/${ev}/users?limit=0`)).body.code).toBe(50035);

    e.unmarkInterested(ev, sorted[0]);
    expect(e.interestedUsers(ev)).toHaveLength(149);
    expect(() => e.markInterested(ev, '99999')).toThrow('not a member');
  });
});

describe('gateway', () => {
  it('sends create, update, delete, user add and user remove to a session with GuildScheduledEvents, and none without', async () => {
    const e = await start();
    const { client, guild } = await login(e);
    const { client: deaf } = await login(e, [GatewayIntentBits.Guilds]);
    const unheard: string[] = [];
    deaf.on('raw', (p: { t?: string }) => {
      if (p.t?.startsWith('GUILD_SCHEDULED_EVENT')) unheard.push(p.t);
    });
    const seen: string[] = [];
    for (const name of ['guildScheduledEventCreate', 'guildScheduledEventUpdate', 'guildScheduledEventDelete']) {
      client.on(name, (...args: unknown[]) => {
        const ev = args.at(-1) as GuildScheduledEvent;
        seen.push(`${name}:${ev.name}:${ev.status}`);
      });
    }
    for (const name of ['guildScheduledEventUserAdd', 'guildScheduledEventUserRemove']) {
      client.on(name, (ev: GuildScheduledEvent, user: User) => seen.push(`${name}:${ev.name}:${user.id}`));
    }

    const created = once(client, 'guildScheduledEventCreate');
    const ev = await guild.scheduledEvents.create({
      name: 'Journal club',
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      scheduledStartTime: Date.now() + HOUR,
      scheduledEndTime: Date.now() + 2 * HOUR,
      entityMetadata: { location: 'Cafe' },
    });
    await created;

    const alice = e.guild().members.get([...e.guild().members.keys()][1]!)!.userId;
    const added = once(client, 'guildScheduledEventUserAdd');
    e.markInterested(ev.id, alice);
    e.markInterested(ev.id, alice); // already interested: no second event
    await added;
    const removed = once(client, 'guildScheduledEventUserRemove');
    e.unmarkInterested(ev.id, alice);
    await removed;

    const original = ev.scheduledStartTimestamp;
    const updated = once(client, 'guildScheduledEventUpdate') as Promise<
      [GuildScheduledEvent | null, GuildScheduledEvent]
    >;
    const moved = inHours(5);
    e.editScheduledEventAsUser(ev.id, { scheduled_start_time: moved, scheduled_end_time: inHours(6) });
    const [before, after] = await updated;
    expect(before?.scheduledStartTimestamp).toBe(original);
    expect(after.scheduledStartTimestamp).toBe(Date.parse(moved));

    const theirs = once(client, 'guildScheduledEventCreate') as Promise<[GuildScheduledEvent]>;
    const byUser = e.createScheduledEventAsUser(guild.id, external({ name: 'Their event' }), alice);
    expect((await theirs)[0].creatorId).toBe(alice);

    const deleted = once(client, 'guildScheduledEventDelete');
    e.deleteScheduledEventAsUser(byUser.id);
    await deleted;

    expect(seen).toEqual([
      'guildScheduledEventCreate:Journal club:1',
      `guildScheduledEventUserAdd:Journal club:${alice}`,
      `guildScheduledEventUserRemove:Journal club:${alice}`,
      'guildScheduledEventUpdate:Journal club:1',
      'guildScheduledEventCreate:Their event:1',
      'guildScheduledEventDelete:Their event:1',
    ]);
    expect(guild.scheduledEvents.cache.map((x) => x.name)).toEqual(['Journal club']);
    // A later dispatch the other session does get: everything before it has arrived there too.
    const fence = once(deaf, 'channelCreate');
    e.addChannel(guild.id, { name: 'fence' });
    await fence;
    expect(unheard).toEqual([]);
  });
});
