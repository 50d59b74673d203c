// Reading sessions through the real discord.js client and the local Discord: scheduling, what Discord gets,
// the announcement, reminders to the interested members, the start and end, cancelling, and sessions
// following their events when a moderator moves or deletes them in Discord.
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS } from '../../../src/discord/invite.ts';
import { openDatabase } from '../../../src/db/open.ts';
import { createPaperStore } from '../../../src/papers/paper-store.ts';
import { startBot, tempDbPath, type Harness } from '../../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord/emulator.ts';
import { listedOn, paper } from '../../support/papers.ts';
import { waitUntil } from '../../support/second-server.ts';

const PAPER = '2511.00001';
const TITLE = 'Spherical CNNs for Rotation-Equivariant Reading Groups';
const START = '2026-12-03T18:00:00.000Z';

const MEMBERS = { alice: '100000000000000001', bob: '100000000000000002', carol: '100000000000000003' };

let emu: DiscordEmulator;
let h: Harness | null = null;
let databasePath: string;
let clock: Date;
let guildId: string;

// What the invite link grants (see README), and Connect for sessions in a voice channel.
const BOT_PERMS = new PermissionsBitField([...INVITE_PERMISSIONS, PermissionFlagsBits.Connect]).bitfield;

beforeEach(async () => {
  clock = new Date('2026-11-30T12:00:00.000Z');
  emu = await startDiscordEmulator({
    now: () => clock,
    guilds: [
      {
        botPermissions: BOT_PERMS,
        channels: [{ name: 'general' }, { name: 'reading-room', kind: 'voice' }, { name: 'stage', kind: 'stage' }],
        members: Object.entries(MEMBERS).map(([username, id]) => ({ id, username })),
      },
    ],
  });
  guildId = emu.guild().id;
  databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save([
    listedOn('2026-11-30', paper(PAPER, { title: TITLE, aiSummary: 'Rotations, read together.', hfUpvotes: 40 })),
  ]);
  db.close();
  h = await startBot(emu, { databasePath });
});
afterEach(async () => {
  await h?.bot.stop();
  h = null;
  await emu.close();
});

const member = (name: keyof typeof MEMBERS) => MEMBERS[name];

async function club(subcommand: string, options: Record<string, string | number> = {}, extra = {}) {
  const ix = emu.sendSlashCommand({
    channelId: emu.channel('general').id,
    name: 'club',
    subcommand,
    options,
    ...extra,
  });
  const res = await ix.response;
  if (Number(res.type) === 5) await ix.waitForOriginal((m) => Boolean(m?.content || m?.embeds.length), 5000);
  await h!.bot.settled();
  const data = res.data as { content?: string; flags?: number } | undefined;
  return { text: ix.original?.content ?? data?.content ?? '', embeds: ix.original?.embeds ?? [], flags: data?.flags };
}

const schedule = (options: Record<string, string | number> = {}) =>
  club('schedule', { paper: PAPER, when: '2026-12-03 19:00', timezone: 'Europe/Berlin', ...options });

const threadOf = () => [...emu.guild().channels.values()].find((c) => c.name === TITLE.slice(0, 100))!;
const threadMessages = () => emu.messages(threadOf().id);
const botPosts = () => threadMessages().filter((m) => m.author.id === emu.botUser.id);

/** Waits for a gateway event to have reached the bot. */
async function at(iso: string) {
  clock = new Date(iso);
  await h!.bot.tick();
  await h!.bot.settled();
}

describe('/club schedule', () => {
  it('creates an external event at the thread, announces it there after the intro, and replies with the link', async () => {
    const r = await schedule();
    const [event] = emu.scheduledEvents(guildId);
    expect(event).toMatchObject({
      name: TITLE,
      entity_type: 3,
      status: 1,
      privacy_level: 2,
      scheduled_start_time: START,
      scheduled_end_time: '2026-12-03T19:00:00.000Z',
    });
    expect(event!.description).toContain('Rotations, read together.');
    expect(event!.description).toContain(`https://huggingface.co/papers/${PAPER}`);
    expect(event!.entity_metadata?.location).toBe(`https://discord.com/channels/${guildId}/${threadOf().id}`);
    const url = `https://discord.com/events/${guildId}/${event!.id}`;
    expect(r.text).toContain(url);
    expect(r.flags! & 64).toBe(64);
    const posts = botPosts();
    expect(posts).toHaveLength(2);
    expect(posts[0]!.embeds[0]?.title).toBe(TITLE); // the intro first
    expect(posts[1]!.content).toContain('Reading session on');
    expect(posts[1]!.content).toContain(url);
  });

  it('holds it in a voice channel when given one, for the given duration', async () => {
    await schedule({ channel: emu.channel('reading-room').id, duration: 90 });
    expect(emu.scheduledEvents(guildId)[0]).toMatchObject({
      entity_type: 2,
      channel_id: emu.channel('reading-room').id,
      scheduled_end_time: '2026-12-03T19:30:00.000Z',
    });
  });

  it.each([
    [{ when: '2026-11-29 10:00' }, 'That time has passed'],
    [{ when: 'next friday' }, 'Write the time as YYYY-MM-DD HH:MM'],
    [{ when: '2026-02-30 10:00' }, 'Write the time as YYYY-MM-DD HH:MM'],
    [{ when: '2028-01-01 10:00' }, 'more than a year ahead'],
    [{ timezone: 'Mars/Olympus' }, "I don't know the time zone"],
    [{ channel: 'stage' }, 'Manage Channels'],
  ])('refuses %o with what to fix, creating nothing', async (options, problem) => {
    const opts: Record<string, string | number> = { ...options };
    if (opts.channel === 'stage') opts.channel = emu.channel('stage').id;
    const r = await schedule(opts);
    expect(r.text).toContain(problem);
    expect(r.flags! & 64).toBe(64);
    expect(emu.scheduledEvents(guildId)).toHaveLength(0);
    expect([...emu.guild().channels.values()].some((c) => c.name === TITLE)).toBe(false);
  });

  it('refuses a member without Manage Events, and a bot without Create Events', async () => {
    const denied = await club(
      'schedule',
      { paper: PAPER, when: '2026-12-04 19:00' },
      { userId: member('bob'), memberPermissions: ['ViewChannel', 'SendMessages'] },
    );
    expect(denied.text).toContain('Manage Events');
    const botRole = emu.guild().roles.get(emu.guild().botRoleId)!;
    emu.setRolePermissions(guildId, botRole.id, BOT_PERMS & ~PermissionFlagsBits.CreateEvents);
    const noBot = await schedule({ when: '2026-12-05 19:00' });
    expect(noBot.text).toContain('Create Events');
    expect(emu.scheduledEvents(guildId)).toHaveLength(0);
  });

  it('tells the member in plain words when Discord refuses the event, not with a ref', async () => {
    // Discord's clock is its own: a start the bot found ahead can be past by the time Discord reads it.
    emu.injectFault({
      method: 'POST',
      pathPattern: /\/scheduled-events$/,
      status: 400,
      errors: {
        scheduled_start_time: {
          _errors: [{ code: 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', message: 'Cannot schedule event in the past.' }],
        },
      },
    });
    const r = await schedule();
    expect(r.text).toBe('Discord refused the event: the start time is in the past.');
    expect(r.flags! & 64).toBe(64);
    expect(emu.scheduledEvents(guildId)).toHaveLength(0);
    expect(h!.logs.lines.some((l) => l.msg === 'interaction handler failed')).toBe(false);
  });
});

describe('around a session', () => {
  it('reminds the interested members 24 h and 1 h before, once each, then starts and ends the event', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    emu.markInterested(eventId, member('bob'));
    emu.markInterested(eventId, member('carol'));
    await at('2026-12-02T17:00:00.000Z'); // 25 h before: nothing yet
    expect(botPosts()).toHaveLength(2);
    await at('2026-12-02T18:01:00.000Z');
    await at('2026-12-02T18:02:00.000Z');
    const reminders = botPosts().slice(2);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.content).toContain('Tomorrow');
    expect(reminders[0]!.content).toContain(`<@${member('bob')}>`);
    expect(reminders[0]!.content).toContain(`<@${member('carol')}>`);
    const sent = emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${threadOf().id}/messages`);
    expect((sent.at(-1)!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [member('bob'), member('carol')].sort(),
    });
    emu.unmarkInterested(eventId, member('carol'));
    await at('2026-12-03T17:00:00.000Z');
    await at('2026-12-03T17:30:00.000Z');
    const hour = botPosts().slice(3);
    expect(hour).toHaveLength(1);
    expect(hour[0]!.content).toContain('In an hour');
    expect(hour[0]!.content).not.toContain(member('carol'));
    await at(START);
    expect(emu.scheduledEvent(eventId)?.status).toBe(2);
    expect(botPosts().at(-1)!.content).toContain('Starting now');
    await at('2026-12-03T19:00:00.000Z');
    expect(emu.scheduledEvent(eventId)?.status).toBe(3);
    expect(botPosts()).toHaveLength(5);
    const history = await club('history');
    expect(history.embeds[0]?.description).toContain(TITLE);
  });

  it('sends no reminder when no one is interested, and splits one for many members into messages of 70', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    await at('2026-12-02T18:01:00.000Z');
    expect(botPosts()).toHaveLength(2);
    for (let i = 0; i < 150; i++) emu.markInterested(eventId, emu.addMember(guildId, { username: `m${i}` }).userId);
    await at('2026-12-03T17:01:00.000Z');
    const reminders = botPosts().slice(2);
    expect(reminders.map((m) => m.content.match(/<@\d+>/g)?.length)).toEqual([70, 70, 10]);
    expect(reminders.every((m) => m.content.length <= 2000)).toBe(true);
  });

  it('follows a moderator moving the event in Discord, and stops when it is deleted', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    emu.markInterested(eventId, member('bob'));
    emu.editScheduledEventAsUser(eventId, {
      scheduled_start_time: '2026-12-10T18:00:00.000Z',
      scheduled_end_time: '2026-12-10T19:00:00.000Z',
    });
    await waitUntil(() => h!.bot.ctx.club.sessions.get(eventId)?.startsAt === '2026-12-10T18:00:00.000Z');
    await at('2026-12-02T18:01:00.000Z'); // the old time's reminder
    expect(botPosts()).toHaveLength(2);
    await at('2026-12-09T18:01:00.000Z');
    expect(botPosts()).toHaveLength(3);
    expect(botPosts()[2]!.content).toContain(`<t:${Date.parse('2026-12-10T18:00:00Z') / 1000}:R>`);
    emu.deleteScheduledEventAsUser(eventId);
    await waitUntil(() => h!.bot.ctx.club.sessions.get(eventId)?.status === 'cancelled');
    await at('2026-12-10T17:01:00.000Z');
    await at('2026-12-10T18:01:00.000Z');
    expect(botPosts()).toHaveLength(3);
    const list = await club('list');
    expect(list.text).toContain('No reading session is planned');
  });

  it('re-reads the events at start-up: a move made while the bot was down is followed', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    await h!.bot.stop();
    emu.editScheduledEventAsUser(eventId, {
      scheduled_start_time: '2026-12-20T18:00:00.000Z',
      scheduled_end_time: '2026-12-20T19:00:00.000Z',
    });
    h = await startBot(emu, { databasePath });
    const list = await club('list');
    expect(list.embeds[0]?.description).toContain(`<t:${Date.parse('2026-12-20T18:00:00Z') / 1000}:F>`);
  });

  it('/club cancel cancels the event and says so in the thread; /club list shows what is planned', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    emu.markInterested(eventId, member('bob'));
    const list = await club('list');
    expect(list.embeds[0]?.description).toContain(TITLE);
    expect(list.embeds[0]?.description).toContain('1 interested');
    const choices = emu.sendAutocomplete({
      channelId: emu.channel('general').id,
      name: 'club',
      subcommand: 'cancel',
      options: { session: 'spherical' },
      focused: 'session',
    });
    const offered = ((await choices.response).data as { choices: { value: string }[] }).choices;
    expect(offered.map((c) => c.value)).toEqual([eventId]);
    const r = await club('cancel', { session: eventId });
    expect(r.text).toContain('Cancelled');
    expect(emu.scheduledEvent(eventId)?.status).toBe(4);
    expect(botPosts().at(-1)!.content).toContain('is cancelled');
    await at('2026-12-02T18:01:00.000Z');
    expect(botPosts().at(-1)!.content).toContain('is cancelled');
  });

  it('posts "Starting now" once when Discord starts the external event before the minute tick does', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    clock = new Date(START);
    emu.runEventAutomation(); // Discord starts an external event at its start time, on its own
    await waitUntil(() => botPosts().some((m) => m.content.includes('Starting now')), 5000, 'the start post');
    await h!.bot.tick();
    await h!.bot.settled();
    expect(botPosts().filter((m) => m.content.includes('Starting now'))).toHaveLength(1);
    expect(h!.bot.ctx.club.sessions.get(eventId)?.status).toBe('active');
  });

  it('a session that ended while the bot was down counts as read: in /club history, out of polls', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    await h!.bot.stop();
    clock = new Date('2026-12-03T21:00:00.000Z'); // Discord started and completed it meanwhile
    emu.runEventAutomation();
    expect(emu.scheduledEvent(eventId).status).toBe(3);
    h = await startBot(emu, { databasePath });
    expect(h.bot.ctx.club.sessions.get(eventId)?.status).toBe('completed');
    const history = await club('history');
    expect(history.embeds[0]?.description).toContain(TITLE);
    expect(h.bot.ctx.club.sessions.readPaperIds(guildId)).toEqual(new Set([PAPER]));
  });

  it('when the bot is removed from the server, its sessions are cancelled and nothing more is sent', async () => {
    await schedule();
    const eventId = emu.scheduledEvents(guildId)[0]!.id;
    emu.markInterested(eventId, member('bob'));
    emu.removeGuild(guildId);
    await waitUntil(() => h!.bot.ctx.club.sessions.get(eventId)?.status === 'cancelled');
    const before = emu.requests.length;
    await at('2026-12-02T18:01:00.000Z');
    await at(START);
    expect(emu.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
