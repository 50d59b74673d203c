// Polls on what to read next, through the real discord.js client and the local Discord: /club poll, the
// winner once the poll ends (at expiry or ended early), the winner's Schedule it button and its modal, and
// the weekly poll after the weekly digest.
import type { APIMessage } from 'discord.js';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../../src/club/session-store.ts';
import { INVITE_PERMISSIONS } from '../../../src/discord/invite.ts';
import { openDatabase } from '../../../src/db/open.ts';
import { createPaperStore } from '../../../src/papers/paper-store.ts';
import { createVoteStore } from '../../../src/votes/vote-store.ts';
import { startBot, tempDbPath, type Harness } from '../../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord/emulator.ts';
import { listedOn, paper } from '../../support/papers.ts';
import { waitUntil } from '../../support/second-server.ts';

const MEMBERS = {
  alice: '100000000000000001',
  bob: '100000000000000002',
  carol: '100000000000000003',
  dave: '100000000000000004',
};
// What the invite link grants (see README), and Connect for sessions in a voice channel.
const BOT_PERMS = new PermissionsBitField([...INVITE_PERMISSIONS, PermissionFlagsBits.Connect]).bitfield;

/** Twelve papers: paper n has 13 - n server votes this week; paper 2 was read in a session. */
const ID = (n: number) => `2511.${String(n).padStart(5, '0')}`;
const LONG = 'Rotation-Equivariant Spherical Convolutions for Reading Groups That Never Agree on Anything';
const title = (n: number) => (n === 1 ? LONG : `Paper number ${n}`);
const READ = ID(2);

let emu: DiscordEmulator;
let h: Harness | null = null;
let clock: Date;
let guildId: string;

beforeEach(async () => {
  clock = new Date('2026-11-30T12:00:00.000Z');
  emu = await startDiscordEmulator({
    now: () => clock,
    guilds: [
      {
        botPermissions: BOT_PERMS,
        channels: [
          { name: 'general' },
          { name: 'club' },
          { name: 'no-polls', overwrites: [{ target: 'bot', deny: ['SendPolls'] }] },
          { name: 'reading-room', kind: 'voice' },
        ],
        members: Object.entries(MEMBERS).map(([username, id]) => ({ id, username })),
      },
    ],
  });
  guildId = emu.guild().id;
  const databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save(
    Array.from({ length: 12 }, (_, i) =>
      listedOn('2026-11-27', paper(ID(i + 1), { title: title(i + 1), hfUpvotes: 5 })),
    ),
  );
  const votes = createVoteStore(db, () => new Date('2026-11-29T10:00:00.000Z'));
  for (let n = 1; n <= 12; n++) {
    for (let v = 0; v < 13 - n; v++)
      votes.toggleButtonVote(guildId, ID(n), `2000000000000000${String(v).padStart(2, '0')}`);
  }
  const sessions = createSessionStore(db, () => clock);
  sessions.add({
    eventId: '900000000000000001',
    guildId,
    paperId: READ,
    threadId: '900000000000000002',
    voiceChannelId: null,
    startsAt: '2026-11-20T18:00:00.000Z',
    endsAt: '2026-11-20T19:00:00.000Z',
    createdBy: MEMBERS.alice,
  });
  sessions.setStatus('900000000000000001', 'completed');
  db.close();
  h = await startBot(emu, { databasePath });
});
afterEach(async () => {
  await h?.bot.stop();
  h = null;
  await emu.close();
});

const ch = (name: string) => emu.channel(name).id;

async function command(
  name: string,
  subcommand: string,
  options: Record<string, string | number | boolean> = {},
  userId = MEMBERS.alice,
) {
  const ix = emu.sendSlashCommand({ channelId: ch('general'), name, subcommand, options, userId });
  const res = await ix.response;
  if (Number(res.type) === 5) await ix.waitForOriginal((m) => Boolean(m?.content), 5000);
  await h!.bot.settled();
  const data = res.data as { content?: string; flags?: number } | undefined;
  return { text: ix.original?.content ?? data?.content ?? '', flags: (ix.callback?.data as { flags?: number })?.flags };
}
const clubPoll = (options: Record<string, string | number> = {}, userId = MEMBERS.alice) =>
  command('club', 'poll', { channel: ch('club'), ...options }, userId);

const bots = (channel: string) => emu.messages(ch(channel)).filter((m) => m.author.id === emu.botUser.id);
const polls = (channel = 'club') => bots(channel).filter((m) => m.poll);
const winners = (channel = 'club') =>
  bots(channel).filter((m) => m.embeds[0]?.title?.startsWith('Next read:') === true);

/** Moves the bot's clock past the poll's end and runs its every-minute work twice. */
async function ticksAfter(poll: APIMessage) {
  const hours =
    (
      emu.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/channels/${poll.channel_id}/messages`))
        ?.body as { poll?: { duration?: number } }
    ).poll?.duration ?? 48;
  clock = new Date(clock.getTime() + hours * 3_600_000 + 60_000);
  await h!.bot.tick();
  clock = new Date(clock.getTime() + 60_000);
  await h!.bot.tick();
  await h!.bot.settled();
}

describe('/club poll', () => {
  it("posts a native poll of the server's 10 most upvoted unread papers, cut to 55, with the list above", async () => {
    const reply = await clubPoll();
    const [poll] = polls();
    expect(polls()).toHaveLength(1);
    expect(reply.flags! & 64).toBe(64);
    expect(reply.text).toContain(`https://discord.com/channels/${guildId}/${ch('club')}/${poll!.id}`);
    const expected = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]; // 2 was read; 12 is the eleventh
    expect(poll!.poll?.question.text).toBe('What should we read next?');
    const answers = poll!.poll!.answers.map((a) => a.poll_media.text ?? '');
    expect(answers).toHaveLength(10);
    expect(answers.every((a) => a.length <= 55)).toBe(true);
    expect(answers[0]).toBe('1. Rotation-Equivariant Spherical Convolutions for…'); // cut between words
    expect(answers.slice(1)).toEqual(expected.slice(1).map((n, i) => `${i + 2}. Paper number ${n}`));
    // The full titles and links are in the message above the poll.
    const lines = poll!.content.split('\n').slice(1);
    expect(lines).toHaveLength(10);
    expected.forEach((n, i) =>
      expect(lines[i]).toBe(`${i + 1}. [${title(n)}](https://huggingface.co/papers/${ID(n)})`),
    );
    expect(poll!.content).not.toContain(READ);
    const post = emu.requests.find((r) => r.method === 'POST' && r.path === `/channels/${ch('club')}/messages`);
    expect(post?.body).toMatchObject({
      poll: { duration: 48, allow_multiselect: false },
      allowed_mentions: { parse: [] },
    });
  });

  it('refuses privately, posting nothing: no Manage Events, no Send Polls, not a text channel, under 2 candidates', async () => {
    const bob = await clubPoll({}, MEMBERS.bob);
    expect(bob.text).toContain('Manage Events');
    expect(bob.flags! & 64).toBe(64);
    const noPolls = await clubPoll({ channel: ch('no-polls') });
    expect(noPolls.text).toContain("I'm missing Send Polls");
    expect(noPolls.flags! & 64).toBe(64);
    const voice = await clubPoll({ channel: ch('reading-room') });
    expect(voice.text).toContain('text or announcement channel');
    // Every paper but one read: one candidate.
    const sessions = h!.bot.ctx.club.sessions;
    for (const n of [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]) {
      const eventId = `9100000000000000${String(n).padStart(2, '0')}`;
      sessions.add({
        eventId,
        guildId,
        paperId: ID(n),
        threadId: '900000000000000002',
        voiceChannelId: null,
        startsAt: '2026-11-21T18:00:00.000Z',
        endsAt: '2026-11-21T19:00:00.000Z',
        createdBy: MEMBERS.alice,
      });
      sessions.setStatus(eventId, 'completed');
    }
    const few = await clubPoll({ period: 'month' });
    expect(few.text).toContain('Only one paper');
    expect(few.text).toContain('at least 2');
    expect(few.flags! & 64).toBe(64);
    expect(polls('club')).toHaveLength(0);
    expect(polls('no-polls')).toHaveLength(0);
    expect(h!.bot.ctx.db.prepare('SELECT count(*) AS n FROM club_posts').get()).toEqual({ n: 0 });
  });
});

describe('the winner', () => {
  it('is posted once when the poll expires; a tie goes to the most server votes', async () => {
    await clubPoll({ hours: 1 });
    const [poll] = polls();
    // Answers 1 and 2 tie 2-2; answer 2's paper (3) then gets the most server votes.
    emu.votePoll(ch('club'), poll!.id, MEMBERS.alice, [1]);
    emu.votePoll(ch('club'), poll!.id, MEMBERS.bob, [2]);
    emu.votePoll(ch('club'), poll!.id, MEMBERS.carol, [2]);
    emu.votePoll(ch('club'), poll!.id, MEMBERS.dave, [1]);
    for (let v = 0; v < 5; v++) h!.bot.ctx.votes.toggleButtonVote(guildId, ID(3), `30000000000000000${v}`);
    expect(emu.expirePolls(new Date(clock.getTime() + 2 * 3_600_000))).toEqual([poll!.id]);
    await ticksAfter(poll!);
    await waitUntil(() => winners().length > 0, 5000, 'the winner');
    await h!.bot.tick();
    await h!.bot.settled();
    const all = winners();
    expect(all).toHaveLength(1);
    expect(all[0]!.embeds[0]).toMatchObject({
      title: 'Next read: Paper number 3',
      url: `https://huggingface.co/papers/${ID(3)}`,
      description: 'Won the poll with 2 of 4 votes.',
    });
    expect(all[0]!.components?.[0]).toMatchObject({
      components: [{ label: 'Schedule it', custom_id: `club:schedule-it:${ID(3)}` }],
    });
  });

  it('is decided with no winner when the bot leaves the server, and never read again', async () => {
    await clubPoll({ hours: 1 });
    const [poll] = polls();
    emu.removeGuild(guildId);
    await waitUntil(() => h!.bot.ctx.club.polls.undecided().length === 0, 5000, 'the poll decided');
    const before = emu.mark();
    await ticksAfter(poll!);
    expect(emu.requests.slice(before).filter((r) => r.path.includes(poll!.id))).toEqual([]);
    expect(h!.bot.ctx.club.polls.get(poll!.id)?.winnerPaperId).toBeNull();
  });

  it('ends its follow-up when the bot loses the channel, instead of asking every minute', async () => {
    await clubPoll({ hours: 1 });
    const [poll] = polls();
    emu.setPermissionOverwrites(ch('club'), [{ target: 'bot', deny: ['ViewChannel'] }]);
    const before = emu.mark();
    await ticksAfter(poll!);
    await h!.bot.tick();
    const reads = emu.requests.slice(before).filter((r) => r.method === 'GET' && r.path.includes(poll!.id));
    expect(reads.map((r) => r.status)).toEqual([403]);
    expect(h!.bot.ctx.club.polls.undecided()).toEqual([]);
  });

  it('is posted once when a manager ends the poll early; Schedule it: a note for members, a modal for managers', async () => {
    await clubPoll();
    const [poll] = polls();
    emu.votePoll(ch('club'), poll!.id, MEMBERS.bob, [3]);
    emu.votePoll(ch('club'), poll!.id, MEMBERS.carol, [3]);
    emu.votePoll(ch('club'), poll!.id, MEMBERS.dave, [1]);
    // Ended early (the bot's own poll): Discord finalises it and sends MESSAGE_UPDATE.
    const res = await fetch(`${emu.url}/api/v10/channels/${ch('club')}/polls/${poll!.id}/expire`, {
      method: 'POST',
      headers: { Authorization: `Bot ${emu.token}` },
    });
    expect(res.status).toBe(200);
    await waitUntil(() => winners().length > 0, 5000, 'the winner');
    await h!.bot.tick(); // before the poll's own end: nothing more
    await ticksAfter(poll!);
    const [winner] = winners();
    expect(winners()).toHaveLength(1);
    expect(winner!.embeds[0]?.title).toBe('Next read: Paper number 4');

    // A member without Manage Events gets a private note.
    const customId = `club:schedule-it:${ID(4)}`;
    const note = emu.clickButton({ channelId: ch('club'), messageId: winner!.id, customId, userId: MEMBERS.bob });
    const noteRes = await note.response;
    expect(noteRes.data).toMatchObject({ flags: 64 });
    expect((noteRes.data as { content: string }).content).toContain('**Manage Events** permission can schedule');

    // A manager gets a modal asking when, in the weekly digest's zone (none here: UTC).
    const open = emu.clickButton({ channelId: ch('club'), messageId: winner!.id, customId });
    const modal = await open.response;
    expect(Number(modal.type)).toBe(9);
    const data = modal.data as { custom_id: string; title: string; components: Array<{ components: unknown[] }> };
    expect(data.custom_id).toBe(`club:schedule-modal:${ID(4)}`);
    expect(data.components.flatMap((r) => r.components)).toEqual([
      expect.objectContaining({ custom_id: 'when' }),
      expect.objectContaining({ custom_id: 'timezone', value: 'UTC' }),
      expect.objectContaining({ custom_id: 'duration', value: '60' }),
    ]);

    const submit = async (fields: Record<string, string>) => {
      const ix = emu.submitModal({ channelId: ch('club'), customId: data.custom_id, fields, messageId: winner!.id });
      const r = await ix.response;
      if (Number(r.type) === 5) await ix.waitForOriginal((m) => Boolean(m?.content), 5000);
      await h!.bot.settled();
      return {
        text: ix.original?.content ?? (r.data as { content?: string }).content ?? '',
        flags: (ix.callback?.data as { flags?: number })?.flags,
      };
    };
    const bad = await submit({ when: 'next tuesday', timezone: 'UTC', duration: '60' });
    expect(bad.text).toContain('Write the time as YYYY-MM-DD HH:MM');
    expect(bad.flags! & 64).toBe(64);
    expect(emu.scheduledEvents(guildId)).toHaveLength(0);

    const ok = await submit({ when: '2026-12-03 19:00', timezone: 'Europe/Berlin', duration: '90' });
    expect(ok.text).toContain('Scheduled the reading session on **Paper number 4**');
    expect(ok.flags! & 64).toBe(64);
    const [event] = emu.scheduledEvents(guildId);
    expect(event).toMatchObject({
      name: 'Paper number 4',
      scheduled_start_time: '2026-12-03T18:00:00.000Z',
      scheduled_end_time: '2026-12-03T19:30:00.000Z',
    });
    const [session] = h!.bot.ctx.club.sessions.upcoming(guildId);
    expect(session).toMatchObject({ paperId: ID(4), eventId: event!.id });
    expect(emu.messages(session!.threadId).some((m) => m.content.startsWith('📅 Reading session'))).toBe(true);
  });
});

describe('modal submits', () => {
  it('a form no handler declares (or a command without forms) gets a private note', async () => {
    for (const customId of ['club:no-such-form:1', 'paper:schedule-modal:1', 'gone:form']) {
      const ix = emu.submitModal({ channelId: ch('general'), customId, fields: { when: 'x' } });
      const res = await ix.response;
      expect(res.data).toMatchObject({
        content: 'This form is no longer supported. Use the command instead.',
        flags: 64,
      });
    }
  });
});

describe('weekly poll', () => {
  it('follows the weekly digest in its channel, once a week, when turned on', async () => {
    const refused = await command('papers', 'settings', { 'weekly-poll': true });
    expect(refused.text).toContain('turn the digest on');
    const on = await command('papers', 'settings', {
      'weekly-digest': ch('club'),
      'weekly-day': 'Tuesday',
      'weekly-time': '09:00',
      'weekly-poll': true,
    });
    expect(on.text).toContain('followed by a reading-club poll');
    clock = new Date('2026-12-01T09:00:30.000Z');
    await h!.bot.tick();
    await h!.bot.settled();
    clock = new Date('2026-12-01T09:01:30.000Z');
    await h!.bot.tick();
    await h!.bot.settled();
    const posted = bots('club');
    expect(posted).toHaveLength(2);
    expect(posted[0]!.poll).toBeUndefined(); // the digest first
    expect(posted[1]!.poll?.answers).toHaveLength(10);
    expect(posted[1]!.content).toContain('most upvoted papers this week');
    const body = emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${ch('club')}/messages`);
    expect((body[1]?.body as { poll: { duration: number } }).poll.duration).toBe(48);
  });
});
