import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverLateArrivals } from '../../src/delivery/run-deliveries.ts';
import { DAY, dayOf, deliveryWorld, entry, type World } from '../support/delivery-world.ts';

let w: World;
afterEach(async () => {
  await w?.close();
});

const titles = (msgs: APIMessage[]) => msgs.map((m) => m.embeds[0]?.title);
const tick = async () => {
  await w.h.bot.tick();
  await w.h.bot.settled();
};

describe('subscribing', () => {
  it('stores a valid subscription and says when it posts next; a bad one is refused with what to fix, storing nothing', async () => {
    w = await deliveryWorld();
    const ok = await w.papers('subscribe', {
      channel: w.ch('papers'),
      time: '18:30',
      timezone: 'Europe/Berlin',
      top: 3,
    });
    expect(ok).toContain(
      `Subscribed <#${w.ch('papers')}>: daily at 18:30 Europe/Berlin · top 3 · per-paper · threads off`,
    );
    expect(ok).toMatch(/Next post <t:\d+:R>/);

    const bad = await w.papers('subscribe', { channel: w.ch('second'), time: '25:61', timezone: 'Mars/Base' });
    expect(bad).toContain('`time` must be a 24-hour time like 09:00');
    expect(bad).toContain('`timezone` must be a time zone name');
    const locked = await w.papers('subscribe', { channel: w.ch('locked') });
    expect(locked).toContain("I'm missing **Send Messages** there");
    const list = await w.papers('list');
    expect(list).toContain(`<#${w.ch('papers')}>`);
    expect(list).not.toContain(`<#${w.ch('second')}>`);
    expect(list).not.toContain(`<#${w.ch('locked')}>`);

    const updated = await w.papers('subscribe', { channel: w.ch('papers'), format: 'digest' });
    expect(updated).toContain('Updated');
    expect(updated).toContain('daily at 18:30 Europe/Berlin · top 3 · digest');
  });

  it('a role that is not mentionable may be pinged only by a member with Mention Everyone', async () => {
    w = await deliveryWorld();
    // The bot itself may ping any role: only the member's own permission can refuse.
    w.emu.addRole(w.guildId, { name: 'pinger', permissions: ['MentionEveryone'] });
    w.emu.setBotRoles(w.guildId, ['pinger']);
    await new Promise((r) => setTimeout(r, 200));
    const subscribe = async (memberPermissions: Array<'ManageGuild' | 'MentionEveryone'>) => {
      const ix = w.emu.sendSlashCommand({
        channelId: w.ch('papers'),
        name: 'papers',
        subcommand: 'subscribe',
        options: { channel: w.ch('papers'), mention: w.role('quiet') },
        memberPermissions,
      });
      return ((await ix.response).data as { content: string }).content;
    };
    expect(await subscribe(['ManageGuild'])).toBe(
      'You may not ping quiet: it is not mentionable and you lack **Mention @everyone, @here, and All Roles**. ' +
        'Make the role mentionable (Server Settings → Roles) or pick another. Nothing was saved.',
    );
    expect(await w.papers('list')).toContain('No channel here gets the Daily Papers yet');
    expect(await subscribe(['ManageGuild', 'MentionEveryone'])).toContain(`Subscribed <#${w.ch('papers')}>`);
  });

  it('needs Manage Server, checked by the bot itself', async () => {
    w = await deliveryWorld();
    const ix = w.emu.sendSlashCommand({
      channelId: w.ch('papers'),
      name: 'papers',
      subcommand: 'subscribe',
      options: { channel: w.ch('papers') },
      memberPermissions: ['SendMessages'],
    });
    expect((await ix.response).data).toMatchObject({
      flags: 64,
      content: expect.stringContaining('Manage Server') as string,
    });
    expect(await w.papers('list')).toContain('No channel here gets the Daily Papers yet');
  });
});

describe('daily delivery', () => {
  it('posts the best papers at the subscribed time, exactly once, with threads and one role mention', async () => {
    w = await deliveryWorld({ at: `${DAY}T08:00:00Z` });
    await w.papers('subscribe', {
      channel: w.ch('papers'),
      time: '09:00',
      top: 3,
      threads: 'on',
      mention: w.role('readers'),
    });
    await tick();
    expect(w.posts('papers')).toHaveLength(0);

    w.clock.now = new Date(`${DAY}T09:00:05Z`);
    await tick();
    const posts = w.posts('papers');
    expect(titles(posts)).toEqual(['Paper number 1', 'Paper number 2', 'Paper number 3']);
    expect(posts[0]?.content).toBe(`<@&${w.role('readers')}> Hugging Face Daily Papers · ${DAY}`);
    expect(posts.slice(1).every((m) => m.content === '')).toBe(true);
    const creates = w.emu.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${w.ch('papers')}/messages`,
    );
    expect(creates.map((r) => (r.body as { allowed_mentions: unknown }).allowed_mentions)).toEqual([
      { parse: [], roles: [w.role('readers')] },
      { parse: [], roles: [] },
      { parse: [], roles: [] },
    ]);
    expect(creates.every((r) => (r.body as { enforce_nonce: boolean }).enforce_nonce === true)).toBe(true);
    const threads = w.emu.requests.filter((r) => r.method === 'POST' && /\/messages\/\d+\/threads$/.test(r.path));
    expect(threads.map((r) => (r.body as { name: string }).name)).toEqual([
      'Paper number 1',
      'Paper number 2',
      'Paper number 3',
    ]);
    const [first] = posts;
    expect(first?.components?.[0]).toMatchObject({
      components: [{ label: '▲ Upvote (0)' }, { label: 'Summary' }, { label: 'Discuss' }],
    });

    await tick();
    w.clock.now = new Date(`${DAY}T15:00:00Z`);
    await tick();
    await w.restart();
    expect(w.posts('papers')).toHaveLength(3);
  });

  it('posts late arrivals within the day’s top, best first, without pinging again', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(2) } });
    await w.papers('subscribe', { channel: w.ch('papers'), time: '09:00', top: 3, mention: w.role('readers') });
    w.clock.now = new Date(`${DAY}T09:01:00Z`);
    // The subscription was created after 09:00 today, so its first run is tomorrow: post-now delivers today.
    await tick();
    expect(w.posts('papers')).toHaveLength(0);
    expect(await w.papers('post-now', { channel: w.ch('papers') })).toContain(`Posted 2 message(s) for ${DAY}`);
    expect(w.posts('papers')).toHaveLength(2);

    w.hf.setDay(DAY, [
      ...dayOf(2),
      entry('2603.20001', 500, 'A late star'),
      entry('2603.20002', 1, 'Too late for the top'),
    ]);
    w.clock.now = new Date(`${DAY}T09:31:00Z`);
    await deliverLateArrivals(w.h.bot.ctx);
    await w.h.bot.settled();
    expect(titles(w.posts('papers'))).toEqual(['Paper number 1', 'Paper number 2', 'A late star']);
    expect(w.posts('papers')[2]?.content).toBe('');

    await deliverLateArrivals(w.h.bot.ctx);
    expect(w.posts('papers')).toHaveLength(3);
    expect(await w.papers('post-now', { channel: w.ch('papers') })).toContain('Nothing new to post');
  });

  it('a digest is one message of numbered papers with vote buttons and pickers', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(12) } });
    await w.papers('subscribe', { channel: w.ch('digest'), format: 'digest', top: 12 });
    await w.papers('post-now', { channel: w.ch('digest') });
    const [one, two] = w.posts('digest');
    expect(w.posts('digest')).toHaveLength(2);
    expect(one?.embeds).toHaveLength(10);
    expect(one?.embeds[0]?.title).toBe('1. Paper number 1');
    expect(two?.embeds).toHaveLength(2);
    expect(one?.components).toHaveLength(4);
    expect(one?.content).toBe(`**Hugging Face Daily Papers · ${DAY}**`);
  });

  it('filters by whole words, minimum upvotes and exclusions', async () => {
    const day = [
      entry('2603.30001', 90, 'Diffusion Transformers at Scale'),
      entry('2603.30002', 80, 'A Survey of Diffusion'),
      entry('2603.30003', 70, 'Confusion matrices revisited'),
      entry('2603.30004', 2, 'Tiny diffusion'),
    ];
    w = await deliveryWorld({ days: { [DAY]: day } });
    await w.papers('subscribe', { channel: w.ch('papers'), include: 'diffusion', exclude: 'survey', 'min-upvotes': 5 });
    await w.papers('post-now', { channel: w.ch('papers') });
    expect(titles(w.posts('papers'))).toEqual(['Diffusion Transformers at Scale']);
  });
});

describe('empty days, failures and status', () => {
  it('posts nothing on an empty day by default, one note when asked', async () => {
    const sunday = '2026-03-01';
    w = await deliveryWorld({ days: {}, at: `${sunday}T08:00:00Z` });
    await w.papers('subscribe', { channel: w.ch('papers') });
    await w.papers('subscribe', { channel: w.ch('second') });
    w.clock.now = new Date(`${sunday}T09:00:10Z`);
    await tick();
    expect(w.posts('papers')).toHaveLength(0);

    expect(await w.papers('settings', { 'empty-day': 'note' })).toContain('Empty days: post a short note');
    w.clock.now = new Date(`${DAY}T09:00:10Z`);
    w.hf.setDay(DAY, []);
    await tick();
    await tick();
    expect(w.posts('papers').map((m) => m.content)).toEqual([
      `No Hugging Face Daily Papers for ${DAY} (weekends and holidays are usually empty).`,
    ]);
    expect(w.posts('second')).toHaveLength(1);
    expect(await w.papers('status')).toContain(`▫️ ${DAY}: empty (no papers listed)`);
  });

  it('a failed fetch is shown in status and reported once in the log channel; the papers come with a later fetch', async () => {
    w = await deliveryWorld();
    await w.papers('settings', { 'log-channel': w.ch('logs') });
    await w.papers('subscribe', { channel: w.ch('papers'), time: '10:00' });
    w.hf.fault({ kind: 'status', status: 404, times: 1 });
    w.clock.now = new Date(`${DAY}T10:00:10Z`);
    await tick();
    expect(w.posts('papers')).toHaveLength(0);
    const status = await w.papers('status');
    expect(status).toContain(`❌ ${DAY}: failed: Hugging Face answered HTTP 404`);
    const logs = w.posts('logs');
    expect(logs).toHaveLength(1);
    expect(logs[0]?.content).toContain(
      `Fetching the Hugging Face Daily Papers for ${DAY} failed: Hugging Face answered HTTP 404`,
    );

    w.clock.now = new Date(`${DAY}T10:30:10Z`);
    await deliverLateArrivals(w.h.bot.ctx);
    await w.h.bot.settled();
    expect(w.posts('logs')).toHaveLength(1);
    expect(w.posts('papers')).toHaveLength(5);
  });

  it('one channel failing never blocks another; a deleted channel is disabled and shown', async () => {
    w = await deliveryWorld();
    await w.papers('settings', { 'log-channel': w.ch('logs') });
    for (const c of ['papers', 'second', 'digest'])
      await w.papers('subscribe', { channel: w.ch(c), time: '10:00', top: 2 });
    w.emu.injectFault({
      method: 'POST',
      pathPattern: new RegExp(`^/channels/${w.ch('papers')}/messages$`),
      status: 403,
      code: 50013,
      times: 1,
    });
    w.emu.deleteChannel(w.ch('digest'));
    w.clock.now = new Date(`${DAY}T10:00:10Z`);
    await tick();
    expect(w.posts('second')).toHaveLength(2);
    expect(w.posts('papers')).toHaveLength(0);
    const status = await w.papers('status');
    expect(status).toContain('lacks a permission here (Missing Permissions)');
    expect(status).toContain('⛔ disabled: the channel was deleted');
    expect(w.posts('logs').some((m) => m.content.includes(`in <#${w.ch('papers')}>`))).toBe(true);

    // The refused papers were not counted as delivered: they go out once the permission is back.
    w.clock.now = new Date(`${DAY}T10:30:10Z`);
    await deliverLateArrivals(w.h.bot.ctx);
    await w.h.bot.settled();
    expect(titles(w.posts('papers'))).toEqual(['Paper number 1', 'Paper number 2']);
  });
});

describe('restarts', () => {
  it('catches up on a run missed while the bot was down, and nothing older', async () => {
    w = await deliveryWorld({ at: `${DAY}T08:00:00Z` });
    await w.papers('subscribe', { channel: w.ch('papers'), time: '09:00', top: 2 });
    await w.h.bot.stop();
    w.clock.now = new Date(`${DAY}T13:00:00Z`);
    await w.restart();
    expect(w.posts('papers')).toHaveLength(2);
    const list = await w.papers('list');
    expect(list).toMatch(/next run <t:\d+:R> · last post/);
  });
});

describe('discussion', () => {
  it('Discuss opens the paper’s thread, creating it on first use, in both formats', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(2) } });
    await w.papers('subscribe', { channel: w.ch('papers') });
    await w.papers('subscribe', { channel: w.ch('digest'), format: 'digest' });
    await w.papers('post-now', { channel: w.ch('papers') });
    await w.papers('post-now', { channel: w.ch('digest') });

    const msg = w.posts('papers')[0] as APIMessage;
    const click = () =>
      w.emu.clickButton({ channelId: w.ch('papers'), messageId: msg.id, customId: 'paper:discuss:2603.10001' });
    const a = click();
    const b = click();
    await a.waitForOriginal((m) => Boolean(m?.content), 5000);
    await b.waitForOriginal((m) => Boolean(m?.content), 5000);
    const threadCreates = w.emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/threads'));
    expect(threadCreates).toHaveLength(1);
    const threadId = threadCreates[0]?.path.includes(msg.id) ? msg.id : '';
    expect(a.original?.content).toBe(`Discuss it here: <#${threadId}>`);
    expect(b.original?.content).toBe(a.original?.content);
    expect((a.callback?.data as { flags: number }).flags & 64).toBe(64);

    const digest = w.posts('digest')[0] as APIMessage;
    const pick = w.emu.selectMenu({
      channelId: w.ch('digest'),
      messageId: digest.id,
      customId: 'paper:discuss-pick',
      values: ['2603.10002'],
    });
    await pick.waitForOriginal((m) => Boolean(m?.content), 5000);
    expect(pick.original?.content).toMatch(/^Discuss it here: <#\d+>$/);
    const standalone = w.emu.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${w.ch('digest')}/threads`,
    );
    expect(standalone.map((r) => (r.body as { name: string }).name)).toEqual(['Paper number 2']);
  });

  it('Discuss creates a thread only for a member who may create public threads; others get it once it exists', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(1) } });
    await w.papers('subscribe', { channel: w.ch('papers') });
    await w.papers('post-now', { channel: w.ch('papers') });
    const msg = w.posts('papers')[0] as APIMessage;
    const click = async (memberPermissions?: Array<'ViewChannel' | 'SendMessages'>) => {
      const ix = w.emu.clickButton({
        channelId: w.ch('papers'),
        messageId: msg.id,
        customId: 'paper:discuss:2603.10001',
        ...(memberPermissions ? { memberPermissions } : {}),
      });
      await ix.waitForOriginal((m) => Boolean(m?.content), 5000);
      expect((ix.callback?.data as { flags: number }).flags & 64).toBe(64);
      return ix.original?.content;
    };
    const threadCreates = () => w.emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/threads'));
    expect(await click(['ViewChannel', 'SendMessages'])).toBe(
      'No one has started a discussion thread for this paper here yet. A member who may create public threads ' +
        'in this channel (Create Public Threads and Send Messages in Threads) can start one with Discuss.',
    );
    expect(threadCreates()).toHaveLength(0);
    expect(await click()).toBe(`Discuss it here: <#${msg.id}>`);
    expect(await click(['ViewChannel', 'SendMessages'])).toBe(`Discuss it here: <#${msg.id}>`);
    expect(threadCreates()).toHaveLength(1);
  });

  it('Discuss in an announcement channel creates the announcement thread Discord requires there (type 10)', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(2) } });
    const news = w.emu.addChannel(w.guildId, { name: 'news', kind: 'announcement' }).id;
    await new Promise((r) => setTimeout(r, 200));
    await w.papers('subscribe', { channel: news, format: 'digest' });
    await w.papers('post-now', { channel: news });
    const digest = w.emu.messages(news)[0] as APIMessage;
    const pick = w.emu.selectMenu({
      channelId: news,
      messageId: digest.id,
      customId: 'paper:discuss-pick',
      values: ['2603.10002'],
    });
    await pick.waitForOriginal((m) => Boolean(m?.content), 5000);
    expect(pick.original?.content).toMatch(/^Discuss it here: <#\d+>$/);
    const creates = w.emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${news}/threads`);
    expect(creates.map((r) => [r.status, (r.body as { type: number }).type])).toEqual([[200, 10]]);
  });
});

describe('the other /papers commands', () => {
  it('preview shows a day privately with a channel’s filters; unsubscribe stops it; settings shows itself', async () => {
    w = await deliveryWorld({
      days: { [DAY]: [entry('2603.40001', 50, 'Diffusion for all'), entry('2603.40002', 40, 'Graphs')] },
    });
    await w.papers('subscribe', { channel: w.ch('papers'), include: 'graphs' });
    const ix = w.emu.sendSlashCommand({
      channelId: w.ch('papers'),
      name: 'papers',
      subcommand: 'preview',
      options: { channel: w.ch('papers'), date: DAY },
    });
    await ix.response;
    await ix.waitForOriginal((m) => Boolean(m?.content), 5000);
    expect(ix.original?.content).toBe(`Preview of ${DAY} for <#${w.ch('papers')}> (top 1):`);
    expect(ix.original?.embeds.map((e) => e.title)).toEqual(['1. Graphs']);
    expect((ix.callback?.data as { flags: number }).flags & 64).toBe(64);
    expect(w.posts('papers')).toHaveLength(0);

    expect(await w.papers('preview', { date: '2026-02-30' })).toContain('`date` must be a day written YYYY-MM-DD');
    expect(await w.papers('unsubscribe', { channel: w.ch('papers') })).toContain('Unsubscribed');
    expect(await w.papers('unsubscribe', { channel: w.ch('papers') })).toContain('has no subscription');
    expect(await w.papers('settings')).toBe(
      '**Settings**\n' +
        'Log channel: none (problems such as failed fetches are reported there)\n' +
        'Empty days: post nothing\n' +
        'Vote emoji: 👍 ⬆️ 🔥 ⭐\n' +
        'Weekly digest: off',
    );
  });

  it('preview refuses a date more than 30 days ago or in the future, asking Hugging Face nothing', async () => {
    w = await deliveryWorld();
    w.hf.resetRequests();
    for (const date of ['2026-01-30', '2026-03-03', '2030-01-01']) {
      expect(await w.papers('preview', { date })).toBe(
        '`date` must be a day from 2026-01-31 to 2026-03-02 (the last 30 days, UTC).',
      );
    }
    expect(w.hf.dailyRequests()).toEqual([]);
    expect(await w.papers('preview', { date: '2026-01-31' })).toContain('Nothing to post for 2026-01-31');
    expect(w.hf.dailyRequests('2026-01-31')).toHaveLength(1);
  });

  it('preview starts at most 5 fetches of days not yet stored per server in 10 minutes', async () => {
    w = await deliveryWorld();
    const days = ['2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23', '2026-02-24', '2026-02-25'];
    for (const date of days.slice(0, 5)) expect(await w.papers('preview', { date })).toContain('Nothing to post');
    // Days already stored cost no fetch and do not count.
    expect(await w.papers('preview', { date: days[0]! })).toContain('Nothing to post');
    w.clock.now = new Date(`${DAY}T09:05:00Z`);
    expect(await w.papers('preview', { date: days[5]! })).toBe(
      'This server has fetched 5 days not stored yet in the last 10 minutes, the most it may. ' +
        `Try again <t:${Date.parse(`${DAY}T09:10:30Z`) / 1000}:R>, or preview a day already stored.`,
    );
    expect(w.hf.dailyRequests(days[5])).toEqual([]);
    w.clock.now = new Date(`${DAY}T09:10:31Z`);
    expect(await w.papers('preview', { date: days[5]! })).toContain('Nothing to post');
  });

  it('a post whose send was interrupted is resumed with its nonce, never doubled', async () => {
    w = await deliveryWorld({ days: { [DAY]: dayOf(1) } });
    await w.papers('subscribe', { channel: w.ch('papers') });
    // Discord keeps answering 500 (discord.js retries 3 times): the bot cannot know whether it went out.
    w.emu.injectFault({
      method: 'POST',
      pathPattern: new RegExp(`^/channels/${w.ch('papers')}/messages$`),
      status: 500,
      times: 4,
    });
    await w.papers('post-now', { channel: w.ch('papers') });
    const creates = () =>
      w.emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${w.ch('papers')}/messages`);
    expect(w.posts('papers')).toHaveLength(0);
    const nonce = (creates()[0]?.body as { nonce: string }).nonce;
    await w.h.bot.tick();
    await w.h.bot.settled();
    expect(w.posts('papers')).toHaveLength(1);
    expect(creates().every((r) => (r.body as { nonce: string }).nonce === nonce)).toBe(true);
    await w.h.bot.tick();
    expect(w.posts('papers')).toHaveLength(1);
  });
});
