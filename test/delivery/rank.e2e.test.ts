import type { APIMessage } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverLateArrivals } from '../../src/delivery/run-deliveries.ts';
import { serverTasteOrder } from '../../src/recommend/blend.ts';
import { DAY, deliveryWorld, entry, type World } from '../support/delivery-world.ts';

/*
 * rank:server-taste through the real bot, the local Discord and the Hugging Face fake. The server upvotes papers
 * about protein folding on an earlier list; on DAY the protein papers have the fewest HF upvotes, so the server's
 * taste has to lift them above papers with many more.
 */

let w: World;
afterEach(async () => {
  await w?.close();
});

/** The Friday before DAY: the list the server's upvotes are on. */
const EARLIER = '2026-02-27';
const ALICE = '300000000000000001';
const BOB = '300000000000000002';

const protein = (id: string, upvotes: number, n: number) =>
  entry(id, upvotes, `Protein Folding with Contact Maps, part ${n}`, {
    summary: `We predict protein folding from amino acid residue contact maps, study ${n} of a series.`,
    ai_summary: 'Protein structure prediction from residue contacts.',
    ai_keywords: ['protein folding', 'amino acid residues', 'contact maps'],
  });

const OTHER_TOPICS = [
  'Speech Recognition for Noisy Call Centres',
  'Compiler Autotuning of Loop Nests',
  'Legged Robot Locomotion on Ice',
  'Weather Forecasting with Graph Networks',
  'Retrieval for Legal Contracts',
  'Music Generation from Humming',
];
const other = (id: string, upvotes: number, i: number) => {
  const title = OTHER_TOPICS[i % OTHER_TOPICS.length] ?? 'Other';
  return entry(id, upvotes, title, { summary: `A study of ${title.toLowerCase()} with new benchmarks.` });
};

/** The earlier list: 12 protein papers (the ones the server upvotes) and 6 on other topics. */
const earlier = [
  ...Array.from({ length: 12 }, (_, i) => protein(`2602.${20001 + i}`, 20, i + 1)),
  ...OTHER_TOPICS.map((_, i) => other(`2602.${30001 + i}`, 20, i)),
];
const earlierProteinIds = earlier.slice(0, 12).map((e) => e.paper.id);

/** DAY: three protein papers with the fewest HF upvotes, five others with the most. */
const today = [
  protein('2603.40001', 3, 101),
  protein('2603.40002', 2, 102),
  protein('2603.40003', 1, 103),
  ...[100, 90, 80, 70, 60].map((up, i) => other(`2603.5000${i + 1}`, up, i)),
];
const titleOf = new Map([...today, ...earlier].map((e) => [e.paper.id, e.paper.title]));
const isProtein = (title: string | undefined) => Boolean(title?.startsWith('Protein Folding'));

const titles = (msgs: APIMessage[]) => msgs.map((m) => m.embeds[0]?.title);
const digestTitles = (msg: APIMessage | undefined) => msg?.embeds.map((e) => e.title?.replace(/^\d+\. /, ''));

async function world(upvotes: number): Promise<World> {
  const created = await deliveryWorld({ at: `${DAY}T08:00:00Z`, days: { [EARLIER]: earlier, [DAY]: today } });
  const { ctx } = created.h.bot;
  await ctx.days.ensure(EARLIER, 0, 'scheduled');
  earlierProteinIds.slice(0, upvotes).forEach((id, i) => {
    ctx.votes.toggleButtonVote(created.guildId, id, i % 2 === 0 ? ALICE : BOB);
  });
  return created;
}

/** Titles of the day's papers in the order the server's current model and the blend put them, computed apart. */
async function blendOrder(ids: readonly string[], hfUpvotes: (id: string) => number): Promise<string[]> {
  const taste = await w.h.bot.ctx.taste.serverTaste(w.guildId);
  if (!taste) throw new Error('the server should have a taste model');
  const items = ids.map((id) => ({ id, modelScore: taste.score(id), hfUpvotes: hfUpvotes(id) }));
  return serverTasteOrder(items).map((item) => titleOf.get(item.id)!);
}

const hfOf = (entries: typeof today) => (id: string) => entries.find((e) => e.paper.id === id)!.paper.upvotes;
const hfOrder = (entries: typeof today) =>
  [...entries].sort((a, b) => b.paper.upvotes - a.paper.upvotes).map((e) => e.paper.title);

describe('/papers subscribe rank', () => {
  it('is stored and shown in /papers list; an update keeps it unless it is given', async () => {
    w = await world(0);
    const ok = await w.papers('subscribe', { channel: w.ch('papers'), rank: 'server-taste', top: 3 });
    expect(ok).toContain('top 3 · per-paper · threads off · rank server-taste');
    expect(await w.papers('subscribe', { channel: w.ch('papers'), top: 4 })).toContain('rank server-taste');
    await w.papers('subscribe', { channel: w.ch('second') });
    const list = await w.papers('list');
    expect(list).toContain(
      `<#${w.ch('papers')}> — daily at 09:00 UTC · top 4 · per-paper · threads off · rank server-taste`,
    );
    expect(list).toContain(
      `<#${w.ch('second')}> — daily at 09:00 UTC · top 10 · per-paper · threads off · rank hf-upvotes`,
    );
    expect(await w.papers('subscribe', { channel: w.ch('papers'), rank: 'hf-upvotes' })).toContain('rank hf-upvotes');
    expect(w.h.bot.ctx.subscriptions.get(w.ch('papers'))?.rank).toBe('hf-upvotes');
  });

  it('with fewer than 10 server upvotes, server-taste posts by HF upvotes and /papers list says so', async () => {
    w = await world(9);
    await w.papers('subscribe', { channel: w.ch('papers'), rank: 'server-taste', top: 3 });
    await w.papers('subscribe', { channel: w.ch('second'), rank: 'hf-upvotes', top: 3 });
    const list = (await w.papers('list')).split('\n');
    const note =
      '  ↪ ranked by HF upvotes for now: server-taste needs 10 upvotes here on recent Daily Papers (9 so far)';
    // The note sits under the server-taste subscription only.
    expect(list.filter((line) => line.startsWith('  ↪'))).toEqual([note]);
    expect(list[list.indexOf(note) - 2]).toContain(`<#${w.ch('papers')}>`);

    w.clock.now = new Date(`${DAY}T09:00:05Z`);
    await w.h.bot.tick();
    await w.h.bot.settled();
    expect(titles(w.posts('papers'))).toEqual(hfOrder(today).slice(0, 3));
    expect(titles(w.posts('second'))).toEqual(hfOrder(today).slice(0, 3));
    expect(await w.papers('preview', { channel: w.ch('papers') })).toContain(
      '(top 3, by HF upvotes until server-taste has enough upvotes):',
    );
  });

  it('with 10 server upvotes, orders and picks the top N by the blend, in both formats, late arrivals too', async () => {
    w = await world(10);
    await w.papers('subscribe', { channel: w.ch('papers'), rank: 'server-taste', top: 3 });
    const digest = { channel: w.ch('digest'), rank: 'server-taste', format: 'digest', top: 6, time: '18:00' };
    await w.papers('subscribe', digest);
    await w.papers('subscribe', { channel: w.ch('second'), top: 3 });
    expect(await w.papers('list')).not.toContain('↪');
    expect(await w.papers('preview', { channel: w.ch('papers') })).toContain('(top 3, by server taste):');

    // The scheduled run posts per-paper; the digest is posted now by a member.
    w.clock.now = new Date(`${DAY}T09:00:05Z`);
    await w.h.bot.tick();
    await w.h.bot.settled();
    expect(await w.papers('post-now', { channel: w.ch('digest') })).toContain('Posted 1 message(s)');

    const expected = await blendOrder(
      today.map((e) => e.paper.id),
      hfOf(today),
    );
    // The blend must differ from the HF order for this test to show anything, and lift a protein paper.
    expect(expected.slice(0, 3)).not.toEqual(hfOrder(today).slice(0, 3));
    expect(expected.slice(0, 3).some(isProtein)).toBe(true);
    expect(titles(w.posts('papers'))).toEqual(expected.slice(0, 3));
    expect(w.posts('digest')).toHaveLength(1);
    expect(digestTitles(w.posts('digest')[0])).toEqual(expected.slice(0, 6));
    // A hf-upvotes subscription in the same server is unaffected.
    expect(titles(w.posts('second'))).toEqual(hfOrder(today).slice(0, 3));

    // A protein paper arrives late with a single HF upvote; the digest has room for 2 more today.
    await w.papers('subscribe', { channel: w.ch('digest'), top: 8 });
    const later = [...today, protein('2603.40004', 1, 104), other('2603.50006', 50, 5)];
    titleOf.set('2603.40004', later.at(-2)!.paper.title);
    titleOf.set('2603.50006', later.at(-1)!.paper.title);
    w.hf.setDay(DAY, later);
    w.clock.now = new Date(`${DAY}T09:31:00Z`);
    await deliverLateArrivals(w.h.bot.ctx);
    await w.h.bot.settled();
    const laterOrder = await blendOrder(
      later.map((e) => e.paper.id),
      hfOf(later),
    );
    const sent = new Set(expected.slice(0, 6));
    const next = laterOrder.filter((t) => !sent.has(t)).slice(0, 2);
    expect(next).toContain(titleOf.get('2603.40004'));
    expect(w.posts('digest')).toHaveLength(2);
    expect(digestTitles(w.posts('digest')[1])).toEqual(next);
  });
});
