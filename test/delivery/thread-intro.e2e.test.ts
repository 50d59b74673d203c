// The bot's first message in each discussion thread it opens (a daily post's thread, a member's Discuss):
// the paper's abstract, links and how to ask about it, sent once through the outbox, resumed after a crash.
import { Routes, type APIEmbed, type APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { renderThreadIntro } from '../../src/discord/thread-intro-layout.ts';
import { startArxivServer, type ArxivFake } from '../support/arxiv/server.ts';
import { DAY, dayOf, deliveryWorld, type World } from '../support/delivery-world.ts';
import { waitUntil } from '../support/second-server.ts';

let w: World | undefined;
let arxiv: ArxivFake | undefined;
afterEach(async () => {
  await w?.close();
  await arxiv?.close();
  w = undefined;
  arxiv = undefined;
});

const HINT = 'Ask me about this paper here with `/paper ask`';

async function world(papers: number) {
  arxiv = await startArxivServer({ pages: {} });
  w = await deliveryWorld({ days: { [DAY]: dayOf(papers) }, env: { ARXIV_ENDPOINT: arxiv.url } });
  return w;
}

/** What an intro must show for the paper: its title linked, its whole abstract, the links and the hint. */
function expectIntroOf(world: World, message: APIMessage | undefined, paperId: string) {
  const stored = world.h.bot.ctx.papers.get(paperId);
  if (!stored || !message) throw new Error(`no intro for ${paperId}`);
  const [first] = message.embeds;
  expect(first).toMatchObject({ title: stored.title, url: `https://huggingface.co/papers/${paperId}` });
  expect(message.embeds.map((e) => e.description).join('\n\n')).toBe(stored.abstract.trim());
  const fields = message.embeds.flatMap((e: APIEmbed) => e.fields ?? []);
  const links = fields.find((f) => f.name === 'Links')?.value ?? '';
  expect(links).toContain(`(https://arxiv.org/abs/${paperId})`);
  expect(links).toContain(`(https://arxiv.org/pdf/${paperId})`);
  expect(fields.some((f) => f.value.startsWith(HINT))).toBe(true);
}

const introRows = (world: World) =>
  world.h.bot.ctx.db
    .prepare('SELECT thread_id, paper_id, state, message_id FROM thread_intros ORDER BY thread_id')
    .all() as Array<{ thread_id: string; paper_id: string; state: string; message_id: string | null }>;

describe('thread intros', () => {
  it('a daily post with threads on gets exactly one intro in its thread, with no pings; the full text is fetched', async () => {
    const w = await world(2);
    w.clock.now = new Date(`${DAY}T08:00:00Z`);
    await w.papers('subscribe', { channel: w.ch('papers'), time: '09:00', top: 2, threads: 'on' });
    w.clock.now = new Date(`${DAY}T09:00:05Z`);
    await w.h.bot.tick();
    await w.h.bot.settled();
    const posts = w.posts('papers');
    expect(posts).toHaveLength(2);
    const ids = ['2603.10001', '2603.10002'];
    posts.forEach((post, i) => {
      // A thread opened on a message has the message's id.
      const inThread = w.emu.messages(post.id);
      expect(inThread).toHaveLength(1);
      expectIntroOf(w, inThread[0], ids[i] ?? '');
    });
    const introPosts = w.emu.requests.filter(
      (r) => r.method === 'POST' && posts.some((p) => r.path === `/channels/${p.id}/messages`),
    );
    expect(introPosts.map((r) => r.body)).toEqual([
      expect.objectContaining({ allowed_mentions: { parse: [] }, enforce_nonce: true }),
      expect.objectContaining({ allowed_mentions: { parse: [] }, enforce_nonce: true }),
    ]);
    await waitUntil(
      () => ids.every((id) => arxiv?.requests.some((r) => r.path === `/html/${id}`)),
      5000,
      "the papers' HTML to be asked of arXiv",
    );

    // Later ticks and a restart send nothing more.
    await w.h.bot.tick();
    await w.restart();
    await w.h.bot.tick();
    await w.h.bot.settled();
    for (const post of posts) expect(w.emu.messages(post.id)).toHaveLength(1);
    expect(introRows(w).map((r) => r.state)).toEqual(['sent', 'sent']);
  });

  it('Discuss opens a thread whose first message is the intro; two clicks make one thread and one intro', async () => {
    const w = await world(1);
    await w.papers('subscribe', { channel: w.ch('papers') });
    await w.papers('post-now', { channel: w.ch('papers') });
    const msg = w.posts('papers')[0] as APIMessage;
    const click = () =>
      w.emu.clickButton({ channelId: w.ch('papers'), messageId: msg.id, customId: 'paper:discuss:2603.10001' });
    const a = click();
    const b = click();
    await a.waitForOriginal((m) => Boolean(m?.content), 5000);
    await b.waitForOriginal((m) => Boolean(m?.content), 5000);
    expect(a.original?.content).toBe(`Discuss it here: <#${msg.id}>`);
    expect(b.original?.content).toBe(a.original?.content);
    await w.h.bot.settled();
    const inThread = w.emu.messages(msg.id);
    expect(inThread).toHaveLength(1);
    expectIntroOf(w, inThread[0], '2603.10001');
    expect(introRows(w)).toEqual([
      { thread_id: msg.id, paper_id: '2603.10001', state: 'sent', message_id: inThread[0]?.id },
    ]);
    await waitUntil(() => arxiv?.requests.some((r) => r.path === '/html/2603.10001') ?? false, 5000, 'the prefetch');

    // Once the thread exists, Discuss only links to it.
    const again = click();
    await again.waitForOriginal((m) => Boolean(m?.content), 5000);
    await w.h.bot.settled();
    expect(w.emu.messages(msg.id)).toHaveLength(1);
  });

  it('Discuss on a paper of a digest opens a channel thread that starts with the intro, its title on top', async () => {
    const w = await world(2);
    await w.papers('subscribe', { channel: w.ch('digest'), format: 'digest' });
    await w.papers('post-now', { channel: w.ch('digest') });
    const digest = w.posts('digest')[0] as APIMessage;
    const pick = w.emu.selectMenu({
      channelId: w.ch('digest'),
      messageId: digest.id,
      customId: 'paper:discuss-pick',
      values: ['2603.10002'],
    });
    await pick.waitForOriginal((m) => Boolean(m?.content), 5000);
    const threadId = /<#(\d+)>/.exec(pick.original?.content ?? '')?.[1] ?? '';
    await w.h.bot.settled();
    const inThread = w.emu.messages(threadId);
    expect(inThread).toHaveLength(1);
    expectIntroOf(w, inThread[0], '2603.10002');
    expect(inThread[0]?.embeds[0]?.title).toBe('Paper number 2');
  });

  it('resumes intros a crash left pending at start-up, each sent once, also when Discord already has it', async () => {
    const w = await world(3);
    await w.papers('subscribe', { channel: w.ch('papers') });
    await w.papers('post-now', { channel: w.ch('papers') });
    const posts = w.posts('papers');
    const { rest, db, papers } = w.h.bot.ctx;
    const threads: string[] = [];
    for (const post of posts) {
      const thread = (await rest.post(Routes.threads(w.ch('papers'), post.id), { body: { name: 'x' } })) as {
        id: string;
      };
      threads.push(thread.id);
    }
    const [t1, t2, t3] = threads as [string, string, string];
    const insert = db.prepare(
      'INSERT INTO thread_intros (thread_id, guild_id, paper_id, nonce, attempts, attempted_at, created_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const now = w.clock.now.toISOString();
    // 1: recorded, never sent (a crash right after the thread was opened).
    insert.run(t1, w.guildId, '2603.10001', 'intro-nonce-1', 0, null, now);
    // 2: sent a moment ago, the crash came before it was marked: Discord still knows the nonce.
    insert.run(t2, w.guildId, '2603.10002', 'intro-nonce-2', 1, now, now);
    const paper2 = papers.get('2603.10002');
    if (!paper2) throw new Error('paper 2 is not stored');
    await rest.post(Routes.channelMessages(t2), {
      body: { ...renderThreadIntro(paper2), nonce: 'intro-nonce-2', enforce_nonce: true },
    });
    // 3: sent long ago, past Discord's nonce window: the bot finds its message in the thread.
    const long = new Date(w.clock.now.getTime() - 30 * 60_000).toISOString();
    insert.run(t3, w.guildId, '2603.10003', 'intro-nonce-3', 1, long, long);
    const paper3 = papers.get('2603.10003');
    if (!paper3) throw new Error('paper 3 is not stored');
    w.emu.seedMessage(t3, { embeds: renderThreadIntro(paper3).embeds ?? [] });

    await w.restart();
    await w.h.bot.settled();
    threads.forEach((t, i) => {
      const inThread = w.emu.messages(t);
      expect(inThread, `thread ${i + 1}`).toHaveLength(1);
      expectIntroOf(w, inThread[0], `2603.1000${i + 1}`);
    });
    const requests = (method: string, t: string) =>
      w.emu.requests.filter((r) => r.method === method && r.path === `/channels/${t}/messages`);
    // The resumed send of 2 carried the recorded nonce, and Discord answered with the message it had.
    expect(requests('POST', t2).map((r) => (r.body as { nonce: string }).nonce)).toEqual([
      'intro-nonce-2',
      'intro-nonce-2',
    ]);
    // 3 was looked for, found, and not posted again.
    expect(requests('GET', t3).length).toBeGreaterThan(0);
    expect(requests('POST', t3)).toHaveLength(0);
    expect(introRows(w).map((r) => [r.state, r.message_id])).toEqual(
      [...threads].sort().map((t) => ['sent', w.emu.messages(t)[0]?.id]),
    );

    await w.restart();
    await w.h.bot.settled();
    for (const t of threads) expect(w.emu.messages(t)).toHaveLength(1);
  });
});
