/**
 * Native polls in the emulator, driven by the real discord.js Client where it can (send, vote events, end),
 * and by raw REST for the refusals.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DiscordAPIError, GatewayIntentBits, MessageType, Partials } from 'discord.js';
import type { Message, PartialPollAnswer, PollAnswer, TextChannel } from 'discord.js';
import type { APIMessage } from 'discord-api-types/v10';
import type { DiscordEmulatorOptions } from './types.ts';
import { botRest, emulatorClients } from './test-clients.ts';

const emulator = emulatorClients();

async function start(options: DiscordEmulatorOptions = {}) {
  const emu = await emulator.start(options);
  const client = await emulator.login(emu, {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessagePolls],
    partials: [Partials.Message, Partials.Channel, Partials.Poll, Partials.PollAnswer],
  });
  const general = emu.channel('general');
  return { emu, client, general, channel: client.channels.cache.get(general.id) as TextChannel };
}

const answers = (...texts: string[]) => texts.map((text) => ({ text }));

/** A poll posted by the bot through discord.js. */
async function sendPoll(channel: TextChannel, allowMultiselect = false, duration = 24): Promise<Message> {
  return channel.send({
    poll: {
      question: { text: 'Which paper next?' },
      answers: [{ text: 'Attention', emoji: '📄' }, ...answers('Diffusion', 'Mamba')],
      duration,
      allowMultiselect,
    },
  });
}

describe('creating a poll', () => {
  it('stores and returns the poll as Discord does: answer ids from 1, expiry = now + duration, empty results', async () => {
    const { emu, general, channel } = await start();
    const before = Date.now();
    const message = await sendPoll(channel, false, 48);
    expect(message.poll?.question.text).toBe('Which paper next?');
    expect([...message.poll!.answers.keys()]).toEqual([1, 2, 3]);
    expect(message.poll!.answers.get(1)!.text).toBe('Attention');
    expect(message.poll!.answers.get(1)!.emoji?.name).toBe('📄');
    expect(message.poll!.allowMultiselect).toBe(false);
    expect(message.poll!.expiresTimestamp).toBeGreaterThanOrEqual(before + 48 * 3_600_000);
    expect(message.poll!.expiresTimestamp).toBeLessThanOrEqual(Date.now() + 48 * 3_600_000);
    const stored = emu.message(message.id)!;
    expect(stored.poll).toMatchObject({
      layout_type: 1,
      allow_multiselect: false,
      results: { is_finalized: false, answer_counts: [] },
      answers: [{ answer_id: 1 }, { answer_id: 2 }, { answer_id: 3 }],
    });
    // The default duration is 24 hours.
    const res = await botRest(emu, 'POST', `/channels/${general.id}/messages`, {
      poll: { question: { text: 'Q' }, answers: [{ poll_media: { text: 'A' } }] },
    });
    expect(res.status).toBe(200);
    const expiry = Date.parse((res.body.poll as { expiry: string }).expiry);
    expect(Math.abs(expiry - Date.now() - 24 * 3_600_000)).toBeLessThan(5000);
  });

  it('refuses polls over the limits with 400 / 50035 and the errors under poll', async () => {
    const { emu, general } = await start();
    const post = (poll: unknown) => botRest(emu, 'POST', `/channels/${general.id}/messages`, { poll });
    const ok = { question: { text: 'Q' }, answers: [{ poll_media: { text: 'A' } }] };
    const cases: [unknown, string[], string][] = [
      [{ ...ok, question: { text: 'q'.repeat(301) } }, ['question', 'text'], 'BASE_TYPE_MAX_LENGTH'],
      [
        { ...ok, answers: [{ poll_media: { text: 'a'.repeat(56) } }] },
        ['answers', '0', 'poll_media', 'text'],
        'BASE_TYPE_MAX_LENGTH',
      ],
      [{ ...ok, answers: [] }, ['answers'], 'BASE_TYPE_BAD_LENGTH'],
      [
        { ...ok, answers: Array.from({ length: 11 }, () => ({ poll_media: { text: 'x' } })) },
        ['answers'],
        'BASE_TYPE_BAD_LENGTH',
      ],
      [{ ...ok, duration: 769 }, ['duration'], 'NUMBER_TYPE_MAX'],
      [{ ...ok, duration: 0 }, ['duration'], 'NUMBER_TYPE_MIN'],
      [{ ...ok, question: {} }, ['question', 'text'], 'BASE_TYPE_REQUIRED'],
      [{ ...ok, layout_type: 2 }, ['layout_type'], 'ENUM_TYPE_COERCE'],
    ];
    for (const [poll, path, code] of cases) {
      const res = await post(poll);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(50035);
      let node = (res.body.errors as Record<string, unknown>).poll as Record<string, unknown>;
      for (const key of path) node = node[key] as Record<string, unknown>;
      expect((node._errors as { code: string }[])[0]!.code).toBe(code);
    }
    expect((await post({ ...ok, duration: 768 })).status).toBe(200);
    expect(
      (await post({ ...ok, answers: Array.from({ length: 10 }, () => ({ poll_media: { text: 'x' } })) })).status,
    ).toBe(200);
    expect(emu.messages(general.id)).toHaveLength(2);
  });

  it('needs Send Polls besides Send Messages: 403 / 50013 without it', async () => {
    const { emu, client } = await start({
      guilds: [
        {
          channels: [
            { name: 'general' },
            { name: 'no-polls', overwrites: [{ target: 'everyone', deny: ['SendPolls'] }] },
          ],
        },
      ],
    });
    const noPolls = client.channels.cache.get(emu.channel('no-polls').id) as TextChannel;
    const err = await sendPoll(noPolls).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).status).toBe(403);
    expect((err as DiscordAPIError).code).toBe(50013);
    await expect(noPolls.send('plain text is fine')).resolves.toBeDefined();
  });
});

describe('votes', () => {
  it('counts votes, dispatches MESSAGE_POLL_VOTE_ADD / REMOVE, and fetches show the current results', async () => {
    const { emu, client, general, channel } = await start();
    const bob = emu.addMember(emu.guild().id, { username: 'bob' }).userId;
    const alice = emu.guild().ownerId;
    const message = await sendPoll(channel);
    const added: [number, string][] = [];
    const removed: [number, string][] = [];
    client.on('messagePollVoteAdd', (a: PollAnswer | PartialPollAnswer, userId: string) => added.push([a.id, userId]));
    client.on('messagePollVoteRemove', (a: PollAnswer | PartialPollAnswer, userId: string) =>
      removed.push([a.id, userId]),
    );

    const firstAdd = once(client, 'messagePollVoteAdd');
    emu.votePoll(general.id, message.id, alice, [1]);
    await firstAdd;
    emu.votePoll(general.id, message.id, bob, [1]);
    const removal = once(client, 'messagePollVoteRemove');
    emu.removePollVote(general.id, message.id, bob);
    await removal;
    const last = once(client, 'messagePollVoteAdd');
    emu.votePoll(general.id, message.id, bob, [3]);
    await last;

    expect(added).toEqual([
      [1, alice],
      [1, bob],
      [3, bob],
    ]);
    expect(removed).toEqual([[1, bob]]);
    expect(message.poll!.answers.get(1)!.voteCount).toBe(1);
    expect(message.poll!.answers.get(3)!.voteCount).toBe(1);

    const fetched = await botRest(emu, 'GET', `/channels/${general.id}/messages/${message.id}`);
    expect((fetched.body as unknown as APIMessage).poll!.results).toEqual({
      is_finalized: false,
      answer_counts: [
        { id: 1, count: 1, me_voted: false },
        { id: 3, count: 1, me_voted: false },
      ],
    });
    const listed = await botRest(emu, 'GET', `/channels/${general.id}/messages?limit=5`);
    expect((listed.body as unknown as APIMessage[])[0]!.poll!.results!.answer_counts).toHaveLength(2);
  });

  it('a single-select poll refuses two answers at once; a new vote replaces the old one (REMOVE then ADD)', async () => {
    const { emu, client, general, channel } = await start();
    const alice = emu.guild().ownerId;
    const single = await sendPoll(channel, false);
    expect(() => emu.votePoll(general.id, single.id, alice, [1, 2])).toThrow(/one answer/);
    expect(() => emu.votePoll(general.id, single.id, alice, [9])).toThrow(/no answer 9/);
    const firstVote = once(client, 'messagePollVoteAdd');
    emu.votePoll(general.id, single.id, alice, [1]);
    await firstVote;
    const events: string[] = [];
    client.on('messagePollVoteAdd', (a: PollAnswer | PartialPollAnswer) => events.push(`+${a.id}`));
    client.on('messagePollVoteRemove', (a: PollAnswer | PartialPollAnswer) => events.push(`-${a.id}`));
    const added = once(client, 'messagePollVoteAdd');
    emu.votePoll(general.id, single.id, alice, [2]);
    await added;
    expect(events).toEqual(['-1', '+2']);
    expect(emu.message(single.id)!.poll!.results!.answer_counts).toEqual([{ id: 2, count: 1, me_voted: false }]);

    const multi = await sendPoll(channel, true);
    emu.votePoll(general.id, multi.id, alice, [1, 2, 3]);
    expect(emu.message(multi.id)!.poll!.results!.answer_counts.map((c) => c.count)).toEqual([1, 1, 1]);
    emu.removePollVote(general.id, multi.id, alice, [2]);
    expect(emu.message(multi.id)!.poll!.results!.answer_counts.map((c) => c.id)).toEqual([1, 3]);
  });

  it('vote events need the GuildMessagePolls intent', async () => {
    const { emu, client, general, channel } = await start();
    const other = await emulator.login(emu, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    let got = 0;
    other.on('raw', (p: { t?: string }) => {
      if (p.t?.startsWith('MESSAGE_POLL_VOTE')) got += 1;
    });
    const message = await sendPoll(channel);
    const seen = once(client, 'messagePollVoteAdd');
    emu.votePoll(general.id, message.id, emu.guild().ownerId, [1]);
    await seen;
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBe(0);
  });

  it('GET .../polls/:message/answers/:answer lists voters by id, 25 by default, paged with after, limit at most 100', async () => {
    const { emu, general, channel } = await start();
    const message = await sendPoll(channel);
    const voters = Array.from({ length: 30 }, (_, i) => emu.addMember(emu.guild().id, { username: `v${i}` }).userId);
    for (const id of voters) emu.votePoll(general.id, message.id, id, [2]);
    const path = `/channels/${general.id}/polls/${message.id}/answers/2`;
    const first = (await botRest(emu, 'GET', path)).body.users as { id: string; username: string }[];
    expect(first.map((u) => u.id)).toEqual(voters.slice(0, 25));
    expect(first[0]!.username).toBe('v0');
    const rest5 = (await botRest(emu, 'GET', `${path}?after=${first.at(-1)!.id}&limit=10`)).body.users as {
      id: string;
    }[];
    expect(rest5.map((u) => u.id)).toEqual(voters.slice(25));
    expect((await botRest(emu, 'GET', `/channels/${general.id}/polls/${message.id}/answers/1`)).body).toEqual({
      users: [],
    });
    const tooMany = await botRest(emu, 'GET', `${path}?limit=101`);
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 50035]);
    // discord.js reaches the same endpoint.
    const fetched = await message.poll!.answers.get(2)!.voters.fetch({ limit: 3 });
    expect([...fetched.keys()]).toEqual(voters.slice(0, 3));
  });
});

describe('ending a poll', () => {
  it('poll.end() finalizes the results, updates the message and posts the POLL_RESULT message (type 46)', async () => {
    const { emu, client, general, channel } = await start();
    const bob = emu.addMember(emu.guild().id, { username: 'bob' }).userId;
    const message = await sendPoll(channel);
    emu.votePoll(general.id, message.id, emu.guild().ownerId, [1]);
    emu.votePoll(general.id, message.id, bob, [1]);
    const updated = once(client, 'messageUpdate');
    const resultCreated = new Promise<Message>((resolve) =>
      client.on('messageCreate', (m) => {
        if (m.type === MessageType.PollResult) resolve(m);
      }),
    );
    const ended = await message.poll!.end();
    expect(ended.poll!.resultsFinalized).toBe(true);
    await updated;
    const result = await resultCreated;
    expect(result.author.id).toBe(emu.botUser.id);
    expect(result.reference?.messageId).toBe(message.id);
    const raw = emu.message(result.id)!;
    expect(raw.type).toBe(46);
    expect(raw.message_reference).toMatchObject({ message_id: message.id, channel_id: general.id });
    expect(raw.embeds[0]!.type).toBe('poll_result');
    expect(Object.fromEntries(raw.embeds[0]!.fields!.map((f) => [f.name, f.value]))).toEqual({
      poll_question_text: 'Which paper next?',
      victor_answer_votes: '2',
      total_votes: '2',
      victor_answer_id: '1',
      victor_answer_text: 'Attention',
      victor_answer_emoji_name: '📄',
    });
    expect(emu.message(message.id)!.poll!.results).toEqual({
      is_finalized: true,
      answer_counts: [{ id: 1, count: 2, me_voted: false }],
    });
    expect(Date.parse(emu.message(message.id)!.poll!.expiry!)).toBeLessThanOrEqual(Date.now());
    // Ended: no more votes, and a second end is refused.
    expect(() => emu.votePoll(general.id, message.id, bob, [2])).toThrow(/520001/);
    const again = await botRest(emu, 'POST', `/channels/${general.id}/polls/${message.id}/expire`);
    expect([again.status, again.body.code]).toEqual([400, 520001]);
  });

  it('a tie or no votes leaves out the victor_answer_* fields', async () => {
    const { emu, general, channel } = await start();
    const message = await sendPoll(channel);
    await botRest(emu, 'POST', `/channels/${general.id}/polls/${message.id}/expire`);
    const result = emu.messages(general.id).at(-1)!;
    expect(Object.fromEntries(result.embeds[0]!.fields!.map((f) => [f.name, f.value]))).toEqual({
      poll_question_text: 'Which paper next?',
      victor_answer_votes: '0',
      total_votes: '0',
    });
  });

  it('expirePolls(at) ends the polls whose expiry has passed, and only those', async () => {
    const { emu, general, channel } = await start();
    const day = await sendPoll(channel, false, 24);
    const twoDays = await sendPoll(channel, false, 48);
    emu.votePoll(general.id, day.id, emu.guild().ownerId, [3]);
    expect(emu.expirePolls()).toEqual([]);
    expect(emu.expirePolls(new Date(Date.now() + 25 * 3_600_000))).toEqual([day.id]);
    expect(emu.expirePolls(new Date(Date.now() + 25 * 3_600_000))).toEqual([]);
    expect(emu.message(day.id)!.poll!.results!.is_finalized).toBe(true);
    expect(emu.message(twoDays.id)!.poll!.results!.is_finalized).toBe(false);
    const results = emu.messages(general.id).filter((m) => m.type === MessageType.PollResult);
    expect(results.map((m) => m.message_reference?.message_id)).toEqual([day.id]);
    expect(results[0]!.embeds[0]!.fields!.find((f) => f.name === 'victor_answer_text')?.value).toBe('Mamba');
    expect(emu.expirePolls(new Date(Date.now() + 49 * 3_600_000))).toEqual([twoDays.id]);
  });

  it("cannot end another user's poll (403 / 50005) nor a message without a poll (400 / 520006)", async () => {
    const { emu, general, channel } = await start();
    const human = emu.postAsUser(general.id, emu.guild().ownerId, '', {
      poll: { question: { text: 'Lunch?' }, answers: [{ poll_media: { text: 'Pizza' } }] },
    });
    const theirs = await botRest(emu, 'POST', `/channels/${general.id}/polls/${human.id}/expire`);
    expect([theirs.status, theirs.body.code]).toEqual([403, 50005]);
    expect(emu.message(human.id)!.poll!.results!.is_finalized).toBe(false);
    const plain = await channel.send('no poll here');
    const notPoll = await botRest(emu, 'POST', `/channels/${general.id}/polls/${plain.id}/expire`);
    expect([notPoll.status, notPoll.body.code]).toEqual([400, 520006]);
    const unknown = await botRest(emu, 'POST', `/channels/${general.id}/polls/123456789012345678/expire`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 10008]);
    // A human's poll still ends with time, and its result message comes from that human.
    expect(emu.expirePolls(new Date(Date.now() + 25 * 3_600_000))).toEqual([human.id]);
    expect(emu.messages(general.id).at(-1)).toMatchObject({ type: 46, author: { id: emu.guild().ownerId } });
  });
});
