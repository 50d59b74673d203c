import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/open.ts';
import { startBot, tempDbPath, type Harness } from '../../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord/emulator.ts';
import { idOf, storeCorpus, upvote } from '../../recommend/taste-corpus.ts';

const member = (i: number) => String(300000000000000000n + BigInt(i));
const EPHEMERAL = 64;

let emu: DiscordEmulator | null = null;
let h: Harness | null = null;

afterEach(async () => {
  await h?.bot.stop();
  h = null;
  await emu?.close();
  emu = null;
});

/** The bot over the three-topic corpus (4 lists), with the votes `seed` casts in the emulator's server. */
async function start(seed: (db: Database, guildId: string) => void = () => {}) {
  emu = await startDiscordEmulator();
  const databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  storeCorpus(db);
  seed(db, emu.guild().id);
  db.close();
  h = await startBot(emu, { databasePath });
  return { emu, h };
}

async function recommend(options: Record<string, string | number> = {}, userId = member(1)) {
  const ix = emu!.sendSlashCommand({
    channelId: emu!.channel('general').id,
    name: 'paper',
    subcommand: 'recommend',
    options,
    userId,
  });
  const res = await ix.response;
  if (Number(res.type) !== 5) {
    return { error: res.data as { content: string; flags: number }, text: '', title: '', content: '', flags: 0 };
  }
  const m = await ix.waitForOriginal((o) => (o.flags ?? 0) === 0 || o.content !== '' || o.embeds.length > 0, 10_000);
  const edit = [...emu!.requests].reverse().find((r) => r.method === 'PATCH' && r.path.includes(ix.token));
  return {
    error: undefined,
    content: m.content,
    title: m.embeds[0]?.title ?? '',
    text: m.embeds[0]?.description ?? '',
    footer: m.embeds[0]?.footer?.text ?? '',
    embeds: m.embeds.length,
    flags: (ix.callback?.data as { flags?: number } | undefined)?.flags ?? 0,
    allowedMentions: (edit?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions,
  };
}

const SPHERE_UPVOTES = [idOf('sphere', 1, 0), idOf('sphere', 2, 1), idOf('sphere', 3, 2)];
/** The numbered lines' paper ids, from their Hugging Face links. */
const listedIds = (text: string) =>
  [...text.matchAll(/\*\*\d+\.\*\* \[[^\]]*\]\([^)]*\/papers\/([^)]+)\)/g)].map((m) => m[1]);

describe('/paper recommend', () => {
  it("ranks a member's unvoted papers by their upvotes, privately, each explained", async () => {
    await start((db, guild) => upvote(db, guild, member(1), SPHERE_UPVOTES));
    const r = await recommend({ limit: 5 });
    expect(r.title).toBe('Recommended for you');
    expect(r.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(r.allowedMentions).toEqual({ parse: [] });
    const ids = listedIds(r.text);
    expect(ids).toHaveLength(5);
    // Sphere papers (ids 250d.…) of the last lists, never one already upvoted.
    for (const id of ids) expect(id).toMatch(/^250\d\./);
    for (const id of SPHERE_UPVOTES) expect(ids).not.toContain(id);
    const explanations = r.text.split('\n').filter((l) => l.startsWith('because'));
    expect(explanations).toHaveLength(5);
    // "because you upvoted *<one of the member's papers>*: three features"
    for (const line of explanations) {
      expect(line).toMatch(/^because you upvoted \*[a-z ]+\*: [a-z ]+, [a-z ]+, [a-z ]+$/);
    }
    expect(r.footer).toBe('From the last 7 Daily Papers lists, not yet upvoted · learned from 3 upvotes of yours');
  });

  it("for the server, learns everyone's upvotes and posts for everyone", async () => {
    await start((db, guild) => {
      for (let k = 0; k < 10; k++) upvote(db, guild, member(k), [idOf('language', 1 + Math.floor(k / 5), k % 5)]);
    });
    const r = await recommend({ for: 'server', days: 1, limit: 3 });
    expect(r.title).toBe('Recommended for this server');
    expect(r.flags & EPHEMERAL).toBe(0);
    for (const id of listedIds(r.text)) expect(id).toMatch(/^2514\./);
    expect(r.text).toMatch(/\nbecause this server upvoted \*[a-z ]+\*: /);
    expect(r.footer).toContain('the last Daily Papers list,');
    expect(r.footer).toContain('learned from 10 upvotes in this server');
  });

  it("with too few upvotes, says how many more are needed and shows this week's top instead", async () => {
    await start((db, guild) => {
      upvote(db, guild, member(1), SPHERE_UPVOTES.slice(0, 2));
      upvote(db, guild, member(2), [idOf('language', 1, 0), SPHERE_UPVOTES[0]!]);
    });
    const mine = await recommend();
    expect(mine.content).toContain('2 so far, 3 needed. Upvote 1 more paper with the ▲ button');
    expect(mine.content).toContain("this week's top");
    expect(mine.title).toBe('Top papers this week');
    // The top is the server's: the paper two members upvoted first.
    expect(listedIds(mine.text)[0]).toBe(SPHERE_UPVOTES[0]);
    expect(mine.text).toContain('▲ 2 here');
    expect(mine.flags & EPHEMERAL).toBe(EPHEMERAL);

    const server = await recommend({ for: 'server' });
    expect(server.content).toContain('3 so far, 10 needed. 7 more papers need an upvote here');
    expect(server.title).toBe('Top papers this week');
    expect(listedIds(server.text)).toHaveLength(3);
  });

  it('with no upvote at all, says so without a top', async () => {
    await start();
    const r = await recommend({ for: 'server' });
    expect(r.content).toContain('0 so far, 10 needed');
    expect(r.content).toContain('Nobody here upvoted a paper this week yet.');
    expect(r.embeds).toBe(0);
  });

  it('refuses options out of range, privately, before any work', async () => {
    await start((db, guild) => upvote(db, guild, member(1), SPHERE_UPVOTES));
    for (const [options, name] of [
      [{ days: 0 }, 'days'],
      [{ days: 31 }, 'days'],
      [{ limit: 26 }, 'limit'],
      [{ for: 'everyone' }, 'for'],
    ] as const) {
      const r = await recommend(options);
      expect(r.error?.content).toContain(`The option \`${name}\` is not valid`);
      expect((r.error?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    }
    expect(h!.bot.ctx.taste.stats().trainings).toBe(0);
  });

  it("a vote click is answered, then the member's model is retrained and the paper leaves their list", async () => {
    await start((db, guild) => upvote(db, guild, member(1), SPHERE_UPVOTES));
    const first = listedIds((await recommend({ limit: 25 })).text);
    expect(h!.bot.ctx.taste.stats().trainings).toBe(1);
    const top = first[0]!;

    const channelId = emu!.channel('general').id;
    // A bot message with the paper's vote button, not one of its stored posts: the click answers privately.
    const message = emu!.seedMessage(channelId, {
      components: [{ type: 1, components: [{ type: 2, style: 1, label: '▲ Upvote', custom_id: `paper:vote:${top}` }] }],
    });
    const click = emu!.clickButton({
      channelId,
      messageId: message.id,
      customId: `paper:vote:${top}`,
      userId: member(1),
    });
    const answer = await click.response;
    expect((answer.data as { content?: string }).content).toBe('Upvoted: 1 in this server.');
    // The retrain happens after the answer, scheduled by the vote.
    await vi.waitFor(() => expect(h!.bot.ctx.taste.stats().trainings).toBe(2), { timeout: 5000 });

    const after = await recommend({ limit: 25 });
    expect(listedIds(after.text)).not.toContain(top);
    expect(after.footer).toContain('learned from 4 upvotes of yours');
  });
});
