// Follows through the real discord.js client and the local Discord: /follow add, list and remove with their
// refusals, notifications of papers new to the store (by DM and here, one message per member per fetch, each paper
// once), papers stored by `paperboy ingest` in another process, and the closed-DM path.
import { InteractionResponseType } from 'discord-api-types/v10';
import type { APIEmbed, APIMessage } from 'discord.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAuthor } from '../support/hf/fixtures.ts';
import { DAY, deliveryWorld, entry, type World } from '../support/delivery-world.ts';
import { runScript } from '../support/run-script.ts';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const NEXT = '2026-03-03';
const LATER = '2026-03-04';
const diffusion = (n: number, upvotes = 50) =>
  entry(`2603.${20000 + n}`, upvotes, `Latent diffusion trick number ${n}`, {
    summary: 'We denoise images step by step with a latent diffusion model.',
  });
const other = (n: number) =>
  entry(`2603.${30000 + n}`, 10, `Graph kernels number ${n}`, {
    summary: 'Kernels on graphs for molecules.',
    authors: [makeAuthor('Jane Roe'), makeAuthor('Max Mustermann')],
  });

const members = (world: World) =>
  [...world.emu.guild().members.values()].map((m) => m.userId).filter((id) => id !== world.emu.botUser.id) as [
    string,
    string,
  ];

async function follow(world: World, sub: string, options: Record<string, string>, userId: string, channel = 'papers') {
  const ix = world.emu.sendSlashCommand({
    channelId: world.ch(channel),
    name: 'follow',
    subcommand: sub,
    options,
    userId,
  });
  const res = await ix.response;
  expect(res.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const data = res.data as { content?: string; embeds?: APIEmbed[]; flags?: number };
  expect(data.flags).toBe(64);
  return { text: data.content ?? '', embed: data.embeds?.[0] };
}

const dms = (world: World, userId: string): APIMessage[] => {
  const channel = world.emu.dmChannelOf(userId);
  return channel ? world.emu.messages(channel) : [];
};

/** A fetch of `day` stores its papers: through a subscription due at 09:00 of that day. */
async function fetchDay(world: World, day: string) {
  world.clock.now = new Date(`${day}T09:00:05Z`);
  await world.h.bot.tick();
  await world.h.bot.settled();
}

describe('/follow', () => {
  it('adds, lists and removes follows, refusing what cannot be followed, a full list and here where it cannot post', async () => {
    w = await deliveryWorld({ days: { [DAY]: [diffusion(1)] } });
    const world = w;
    const [alice, bob] = members(world);

    const added = await follow(world, 'add', { query: '"latent diffusion"  model' }, alice);
    expect(added.text).toContain(
      'Following `"latent diffusion" model`: new papers it finds will come by direct message',
    );
    const nothing = await follow(world, 'add', { query: '-survey' }, alice);
    expect(nothing.text).toBe("Can't follow `-survey`: nothing to follow: add a word that is not excluded.");
    const both = await follow(world, 'add', { query: 'diffusion -diffusion' }, alice);
    expect(both.text).toContain('"diffus" is both required and excluded, so nothing can match');
    const locked = await follow(world, 'add', { query: 'graphs', where: 'here' }, alice, 'locked');
    expect(locked.text).toContain("I can't post in this channel (I'm missing Send Messages here)");

    const here = await follow(world, 'add', { query: 'author:"Jane Roe"', where: 'here' }, alice);
    expect(here.text).toContain(`in <#${world.ch('papers')}>, mentioning you`);
    // The same query again moves it rather than adding a second one.
    const moved = await follow(world, 'add', { query: 'author:"Jane Roe"', where: 'dm' }, alice);
    expect(moved.text).toContain('Still following');
    for (let i = 3; i <= 25; i++) await follow(world, 'add', { query: `topic${i}` }, alice);
    const full = await follow(world, 'add', { query: 'one more' }, alice);
    expect(full.text).toContain('You already follow 25 searches here, the most allowed (25)');
    // Another member's list is their own.
    expect((await follow(world, 'add', { query: 'one more' }, bob)).text).toContain('Following');

    const list = await follow(world, 'list', {}, alice);
    expect(list.embed?.title).toBe('Your follows (25 of 25)');
    expect(list.embed?.description).toContain('`"latent diffusion" model` · by DM');
    expect(list.embed?.description).toContain('`author:"Jane Roe"` · by DM');
    expect(list.embed?.description).not.toContain('one more');

    const offered = world.emu.sendAutocomplete({
      channelId: world.ch('papers'),
      name: 'follow',
      subcommand: 'remove',
      options: { follow: 'jane' },
      focused: 'follow',
      userId: alice,
    });
    const choices = ((await offered.response).data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.map((c) => c.name)).toEqual(['author:"Jane Roe"']);
    // Bob cannot remove Alice's follow by its id.
    const notYours = await follow(world, 'remove', { follow: choices[0]!.value }, bob);
    expect(notYours.text).toContain('None of your follows matches that');
    const removed = await follow(world, 'remove', { follow: choices[0]!.value }, alice);
    expect(removed.text).toBe('Stopped following `author:"Jane Roe"`.');
    expect((await follow(world, 'remove', { follow: 'topic3' }, alice)).text).toBe('Stopped following `topic3`.');
    expect((await follow(world, 'list', {}, alice)).embed?.title).toBe('Your follows (23 of 25)');
  });

  it('notifies each member once per fetch of the papers new to the store, by DM or here, each paper once, ever', async () => {
    const many = Array.from({ length: 12 }, (_, i) => diffusion(i + 1, 90 - i));
    w = await deliveryWorld({
      days: { [DAY]: [diffusion(100)], [NEXT]: [...many, other(1), other(2)], [LATER]: [diffusion(13), other(3)] },
      at: `${DAY}T08:00:00Z`,
    });
    const world = w;
    const [alice, bob] = members(world);
    await world.papers('subscribe', { channel: world.ch('digest'), time: '09:00', top: 1 });
    // Papers stored before a follow is added are not news to it.
    await fetchDay(world, DAY);
    expect(world.posts('digest')).toHaveLength(1);
    await follow(world, 'add', { query: 'latent diffusion' }, alice);
    // Two of Alice's follows find the same papers: each is listed once, under her older follow.
    await follow(world, 'add', { query: 'denoise' }, alice);
    await follow(world, 'add', { query: 'author:"Jane Roe"', where: 'here' }, bob);
    await world.h.bot.tick();
    await world.h.bot.settled();
    expect(dms(world, alice)).toEqual([]);

    await fetchDay(world, NEXT);
    const [toAlice, ...extra] = dms(world, alice);
    expect(extra).toEqual([]);
    expect(toAlice?.embeds[0]?.title).toBe('12 new papers for your follows');
    expect(toAlice?.embeds[0]?.footer?.text).toBe(
      'Reading Group · Manage your follows with /follow list and /follow remove',
    );
    const lines = toAlice!.embeds[0]!.description!.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(
      '• [Latent diffusion trick number 1](https://huggingface.co/papers/2603.20001) · `latent diffusion`',
    );
    expect(lines[10]).toBe('…and 2 more: find them with `/paper search`');
    expect(dms(world, bob)).toEqual([]);
    const [toBob] = world.posts('papers');
    expect(toBob?.content).toBe(`<@${bob}> 2 new papers match your follows`);
    expect(toBob?.embeds[0]?.description).toContain(
      '[Graph kernels number 1](https://huggingface.co/papers/2603.30001)',
    );
    const posted = world.emu.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${world.ch('papers')}/messages`,
    );
    expect((posted.at(-1)!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({
      parse: [],
      users: [bob],
    });

    // Ticks, a restart and the same day fetched again send nothing more.
    await world.h.bot.tick();
    await world.restart();
    await world.h.bot.tick();
    await world.h.bot.settled();
    expect(dms(world, alice)).toHaveLength(1);
    expect(world.posts('papers')).toHaveLength(1);

    // `paperboy ingest` in another process stores a later day: the running bot notifies within its next tick.
    const cwd = mkdtempSync(`${tmpdir()}/paperboy-ingest-`);
    const ingest = await runScript(
      'src/cli/bin.ts',
      ['ingest', '--from', LATER, '--to', LATER],
      {
        DATABASE_PATH: world.databasePath,
        HF_ENDPOINT: world.hf.url,
        LOG_LEVEL: 'silent',
        PATH: process.env.PATH ?? '',
      },
      cwd,
    );
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(dms(world, alice)).toHaveLength(1);
    world.clock.now = new Date(`${LATER}T07:00:00Z`);
    await world.h.bot.tick();
    await world.h.bot.settled();
    expect(dms(world, alice)).toHaveLength(2);
    expect(dms(world, alice)[1]?.embeds[0]?.description).toBe(
      '• [Latent diffusion trick number 13](https://huggingface.co/papers/2603.20013) · `latent diffusion`',
    );
    expect(world.posts('papers').map((m) => m.content)).toEqual([
      `<@${bob}> 2 new papers match your follows`,
      `<@${bob}> 1 new paper matches your follows`,
    ]);
    const rows = world.h.bot.ctx.db.prepare("SELECT count(*) FROM follow_messages WHERE state = 'sent'").pluck().get();
    expect(rows).toBe(4);
    expect(world.h.logs.lines.filter((l) => l.level === 50 || l.level === 60)).toEqual([]);
  });

  it('notifies no one of a backfill through `paperboy ingest --from`, and still of the papers a new day lists', async () => {
    // Lists of a year before the follow: every paper matches it, in more lists than one fetch.
    const [OLD, OLDER] = ['2025-03-03', '2025-03-04'];
    w = await deliveryWorld({
      days: {
        [OLD]: Array.from({ length: 3 }, (_, i) => diffusion(40 + i)),
        [OLDER]: [diffusion(50), other(50)],
        [DAY]: [diffusion(1), other(1)],
      },
      at: `${DAY}T08:00:00Z`,
    });
    const world = w;
    const [alice, bob] = members(world);
    await world.papers('subscribe', { channel: world.ch('digest'), time: '09:00', top: 1 });
    // Added today, on the bot's clock.
    await follow(world, 'add', { query: 'latent diffusion' }, alice);
    await follow(world, 'add', { query: 'author:"Jane Roe"', where: 'here' }, bob);

    const cwd = mkdtempSync(`${tmpdir()}/paperboy-backfill-`);
    const env = {
      DATABASE_PATH: world.databasePath,
      HF_ENDPOINT: world.hf.url,
      LOG_LEVEL: 'silent',
      PATH: process.env.PATH ?? '',
    };
    const ingest = await runScript('src/cli/bin.ts', ['ingest', '--from', OLD, '--to', OLDER], env, cwd);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toContain('5 papers (5 new, 0 updated)');
    // The bot's next tick sees the five papers stored after the follows were added: none is news.
    await world.h.bot.tick();
    await world.h.bot.settled();
    expect(dms(world, alice)).toEqual([]);
    expect(world.posts('papers')).toEqual([]);
    const notifications = () => world.h.bot.ctx.db.prepare('SELECT count(*) FROM follow_messages').pluck().get();
    expect(notifications()).toBe(0);

    // Today's list, fetched by the bot at 09:00: news to both.
    await fetchDay(world, DAY);
    const [toAlice, ...extra] = dms(world, alice);
    expect(extra).toEqual([]);
    expect(toAlice?.embeds[0]?.description).toBe(
      '• [Latent diffusion trick number 1](https://huggingface.co/papers/2603.20001) · `latent diffusion`',
    );
    expect(world.posts('papers').map((m) => m.content)).toEqual([`<@${bob}> 1 new paper matches your follows`]);
    expect(notifications()).toBe(2);
  });

  it('asks Discord that a here follow’s member is still in the server before posting; one who left loses their follows there', async () => {
    w = await deliveryWorld({
      days: { [DAY]: [diffusion(1), other(1)], [NEXT]: [diffusion(2), other(2)] },
      at: `${DAY}T08:00:00Z`,
    });
    const world = w;
    const [alice, bob] = members(world);
    const carol = world.emu.addMember(world.guildId, { username: 'carol' }).userId;
    await world.papers('subscribe', { channel: world.ch('digest'), time: '09:00', top: 1 });
    await follow(world, 'add', { query: 'author:"Jane Roe"', where: 'here' }, bob);
    await follow(world, 'add', { query: 'latent diffusion' }, bob);
    await follow(world, 'add', { query: 'kernels', where: 'here' }, carol);
    await follow(world, 'add', { query: 'kernels', where: 'here' }, alice, 'second');
    // Bob leaves. The bot has no GuildMembers intent and keeps no members: only Discord can tell it.
    world.emu.removeMember(world.guildId, bob);

    await fetchDay(world, DAY);
    expect(world.posts('papers').map((m) => m.content)).toEqual([`<@${carol}> 1 new paper matches your follows`]);
    expect(world.posts('second').map((m) => m.content)).toEqual([`<@${alice}> 1 new paper matches your follows`]);
    const asked = world.emu.requests.filter(
      (r) => r.method === 'GET' && r.path.startsWith(`/guilds/${world.guildId}/members/`),
    );
    expect(asked.map((r) => [r.path.split('/').at(-1), r.status]).sort()).toEqual(
      [
        [alice, 200],
        [bob, 404],
        [carol, 200],
      ].sort(),
    );
    // All his follows in the server go, by DM too, and his notifications with them: nothing reached his DMs.
    expect(world.h.bot.ctx.follows.store.ofMember(world.guildId, bob)).toEqual([]);
    expect(dms(world, bob)).toEqual([]);
    const bobs = world.h.bot.ctx.db
      .prepare('SELECT delivery, state, error FROM follow_messages WHERE user_id = ? ORDER BY delivery')
      .all(bob);
    expect(bobs).toEqual([
      { delivery: 'dm', state: 'failed', error: 'the member left the server' },
      { delivery: 'here', state: 'failed', error: 'the member left the server' },
    ]);
    expect(world.h.logs.lines.filter((l) => l.level === 50 || l.level === 60)).toEqual([]);

    // The next fetch asks again for the members it posts about, and no longer about Bob. When Discord cannot say
    // (5xx, past the client's retries), Carol's notification waits for the next tick rather than going unchecked.
    world.emu.injectFault({ pathPattern: new RegExp(`/members/${carol}$`), status: 503, times: 100 });
    await fetchDay(world, NEXT);
    expect(world.posts('papers')).toHaveLength(1);
    const unsure = world.h.logs.lines.filter((l) => l.msg === 'could not check that a member is still in the server');
    expect(unsure.length).toBeGreaterThan(0);
    expect(unsure.every((l) => l.user === carol && l.level === 40)).toBe(true);
    world.emu.clearFaults();
    await world.h.bot.tick();
    await world.h.bot.settled();
    expect(world.posts('papers').map((m) => m.content)).toEqual([
      `<@${carol}> 1 new paper matches your follows`,
      `<@${carol}> 1 new paper matches your follows`,
    ]);
    const later = world.emu.requests.filter((r) => r.method === 'GET' && r.path.includes('/members/'));
    expect(later.filter((r) => r.path.endsWith(`/${bob}`))).toHaveLength(1);
    expect(later.filter((r) => r.path.endsWith(`/${carol}`) && r.status === 200)).toHaveLength(2);
  });

  it('lets a member with Manage Server see and remove the follows other members post in the server, and no one else', async () => {
    w = await deliveryWorld({ days: { [DAY]: [diffusion(1), other(1)] }, at: `${DAY}T08:00:00Z` });
    const world = w;
    const [, bob] = members(world);
    world.emu.addRole(world.guildId, { name: 'mods', permissions: ['ManageGuild'] });
    const mod = world.emu.addMember(world.guildId, { username: 'mod', roles: ['mods'] }).userId;
    const carol = world.emu.addMember(world.guildId, { username: 'carol' }).userId;
    await world.papers('subscribe', { channel: world.ch('digest'), time: '09:00', top: 1 });
    await follow(world, 'add', { query: 'author:"Jane Roe"', where: 'here' }, bob);
    await follow(world, 'add', { query: 'kernels', where: 'here' }, bob, 'second');
    await follow(world, 'add', { query: 'latent diffusion' }, bob);
    await follow(world, 'add', { query: 'graphs' }, mod);
    const suggest = async (userId: string, typed: string, member?: string) => {
      const ix = world.emu.sendAutocomplete({
        channelId: world.ch('papers'),
        name: 'follow',
        subcommand: 'remove',
        options: { follow: typed, ...(member ? { member } : {}) },
        focused: 'follow',
        userId,
      });
      return ((await ix.response).data as { choices: { name: string; value: string }[] }).choices;
    };

    // A moderator sees a member's follows that post in the server's channels, named by channel; not their DMs.
    const offered = await suggest(mod, '', bob);
    expect(offered.map((c) => c.name)).toEqual(['#papers · author:"Jane Roe"', '#second · kernels']);
    expect((await suggest(mod, 'kern', bob)).map((c) => c.name)).toEqual(['#second · kernels']);
    // Without `member`, the moderator's own; a regular member sees no one else's.
    expect((await suggest(mod, '')).map((c) => c.name)).toEqual(['graphs']);
    expect(await suggest(carol, '', bob)).toEqual([]);

    const notAllowed = await follow(world, 'remove', { follow: offered[0]!.value, member: bob }, carol);
    expect(notAllowed.text).toContain("Removing another member's follow needs the **Manage Server** permission");
    const dmFollow = await follow(world, 'remove', { follow: 'latent diffusion', member: bob }, mod);
    expect(dmFollow.text).toBe(
      `None of <@${bob}>'s follows posting in this server matches that: pick one from the suggestions.`,
    );
    const removed = await follow(world, 'remove', { follow: offered[0]!.value, member: bob }, mod);
    expect(removed.text).toBe(
      `Removed <@${bob}>'s follow \`author:"Jane Roe"\`, which posted in <#${world.ch('papers')}>.`,
    );
    const reply = world.emu.requests.filter((r) => r.path.includes('/callback')).at(-1)!.body as {
      data: { allowed_mentions: unknown };
    };
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(world.h.bot.ctx.follows.store.ofMember(world.guildId, bob).map((f) => f.query)).toEqual([
      'kernels',
      'latent diffusion',
    ]);

    // A moderator of another server cannot reach this server's follows, by id or by query.
    const elsewhere = world.emu.addGuild({
      name: 'Elsewhere',
      members: [{ username: 'dave' }],
      channels: [{ name: 'lobby' }],
    });
    const dave = elsewhere.ownerId;
    const [kernels] = await suggest(mod, 'kern', bob);
    for (const picked of [kernels!.value, 'kernels']) {
      const ix = world.emu.sendSlashCommand({
        channelId: elsewhere.channel('lobby').id,
        name: 'follow',
        subcommand: 'remove',
        options: { follow: picked, member: bob },
        userId: dave,
      });
      expect(((await ix.response).data as { content: string }).content).toContain(
        `None of <@${bob}>'s follows posting in this server matches that`,
      );
    }
    expect(world.h.bot.ctx.follows.store.ofMember(world.guildId, bob)).toHaveLength(2);

    // The removed follow posts nothing more; the other goes on.
    await fetchDay(world, DAY);
    expect(world.posts('papers')).toEqual([]);
    expect(world.posts('second').map((m) => m.content)).toEqual([`<@${bob}> 1 new paper matches your follows`]);
  });

  it('pauses a DM follow when Discord refuses the DM (50007), says so in /follow list, and resumes on add', async () => {
    w = await deliveryWorld({
      days: { [DAY]: [diffusion(1)], [NEXT]: [diffusion(2)], [LATER]: [diffusion(3)] },
      at: `${DAY}T08:00:00Z`,
    });
    const world = w;
    const [alice] = members(world);
    await world.papers('subscribe', { channel: world.ch('digest'), time: '09:00', top: 1 });
    await follow(world, 'add', { query: 'latent diffusion' }, alice);
    world.emu.closeDms(alice);
    await fetchDay(world, DAY);
    expect(dms(world, alice)).toEqual([]);
    const refused = world.emu.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${world.emu.dmChannelOf(alice)}/messages`,
    );
    expect(refused).toHaveLength(1);
    const list = await follow(world, 'list', {}, alice);
    expect(list.embed?.description).toContain(
      '⏸ **Paused:** Discord refused the direct message: your DMs are closed to this server or to the bot. ' +
        'To resume: open your DMs to this server and `/follow add` it again, or add it again with `where:here`.',
    );
    // Paused: later papers are not retried by DM.
    await fetchDay(world, NEXT);
    expect(
      world.emu.requests.filter(
        (r) => r.method === 'POST' && r.path === `/channels/${world.emu.dmChannelOf(alice)}/messages`,
      ),
    ).toHaveLength(1);

    world.emu.openDms(alice);
    expect((await follow(world, 'add', { query: 'latent diffusion' }, alice)).text).toContain('Still following');
    await fetchDay(world, LATER);
    const [dm] = dms(world, alice);
    // Resumed for papers stored from then on; the paper stored while paused is not sent late.
    expect(dm?.embeds[0]?.description).toContain('2603.20003');
    expect(dm?.embeds[0]?.description).not.toContain('2603.20002');
    expect((await follow(world, 'list', {}, alice)).embed?.description).not.toContain('Paused');
  });
});
