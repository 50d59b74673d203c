import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { openDatabase } from '../../src/db/open.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { startBot, tempDbPath, type Harness } from '../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';
import { listedOn, paper } from '../support/papers.ts';

let emu: DiscordEmulator;
let h: Harness;
const alice = '300000000000000001';
const bob = '300000000000000002';

beforeEach(async () => {
  emu = await startDiscordEmulator();
  const databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save(
    Array.from({ length: 12 }, (_, i) =>
      listedOn(
        '2025-09-08',
        paper(`2509.${10000 + i}`, {
          title: `Diffusion study ${i}`,
          abstract: 'We study diffusion.',
          hfUpvotes: 100 - i,
        }),
      ),
    ),
  );
  db.close();
  h = await startBot(emu, { databasePath });
});
afterEach(async () => {
  await h.bot.stop();
  await emu.close();
});

const general = () => emu.channel('general').id;

describe('/paper search through Discord', () => {
  it('answers with a page, pages for the searcher only, and opens a paper from the menu', async () => {
    const ix = emu.sendSlashCommand({
      channelId: general(),
      name: 'paper',
      subcommand: 'search',
      options: { query: 'diffusion' },
      userId: alice,
    });
    const res = await ix.response;
    expect(res.type).toBe(4);
    await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0, 5000);
    const message = ix.original!;
    expect(message.embeds[0]?.title).toBe('Search: diffusion');
    expect(message.embeds[0]?.footer?.text).toMatch(/^Page 1 of 3 · 12 result\(s\)/);
    const next = (message.components?.[0] as { components: Array<{ custom_id: string }> }).components[1]!.custom_id;

    const stranger = emu.clickButton({ channelId: general(), messageId: message.id, customId: next, userId: bob });
    expect((await stranger.response).data).toMatchObject({
      flags: 64,
      content: expect.stringContaining('Only the member who searched') as string,
    });

    const turn = emu.clickButton({ channelId: general(), messageId: message.id, customId: next, userId: alice });
    expect((await turn.response).type).toBe(7);
    expect(emu.message(message.id)?.embeds[0]?.footer?.text).toMatch(/^Page 2 of 3/);

    const open = emu.selectMenu({
      channelId: general(),
      messageId: message.id,
      customId: 'paper:open',
      values: ['2509.10005'],
      userId: bob,
    });
    const card = (await open.response).data as { flags: number; embeds: Array<{ title: string }> };
    expect(card.flags & 64).toBe(64);
    expect(card.embeds[0]?.title).toBe('Diffusion study 5');
  });

  it('answers FTS5 syntax and nonsense privately with what to change', async () => {
    for (const query of ['"unbalanced AND (', 'NEAR(x y', 'zzzqqq', '-diffusion']) {
      const ix = emu.sendSlashCommand({
        channelId: general(),
        name: 'paper',
        subcommand: 'search',
        options: { query },
      });
      const data = (await ix.response).data as { flags?: number; content?: string; embeds?: unknown[] };
      expect(data.flags, query).toBe(64);
      expect(data.content, query).toMatch(/No stored paper matches|nothing to search for/);
    }
  });
});

describe('/paper search after an upgrade', () => {
  it('rebuilds the search index of a version 6 database at start-up and answers from it', async () => {
    // beforeEach started a bot on another database; this one plays a store written by the previous release.
    await h.bot.stop();
    const databasePath = tempDbPath();
    const old = new BetterSqlite3(databasePath);
    migrate(old, migrations.slice(0, 6));
    createPaperStore(old).save(
      Array.from({ length: 30 }, (_, i) =>
        listedOn(
          '2025-09-08',
          paper(`2509.${20000 + i}`, {
            title: i % 3 === 0 ? `Sparse attention ${i}` : `Other topic ${i}`,
            abstract: 'Text.',
          }),
        ),
      ),
    );
    old.exec("INSERT INTO search_lists (key, floor, size, capacity) VALUES ('t spars', 0.1, 1, 600)");
    old.exec("INSERT INTO search_top (key, impact, pk) VALUES ('t spars', 1.0, 1)");
    old.close();

    h = await startBot(emu, { databasePath });
    const ix = emu.sendSlashCommand({
      channelId: general(),
      name: 'paper',
      subcommand: 'search',
      options: { query: 'sparse attention' },
      userId: alice,
    });
    await ix.response;
    await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0, 5000);
    expect(ix.original!.embeds[0]?.footer?.text).toMatch(/ 10 result\(s\)/);
    const check = new BetterSqlite3(databasePath, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(check.prepare('SELECT count(*) FROM search_queue').pluck().get()).toBe(0);
    expect(check.prepare('SELECT count(*) FROM search_pieces').pluck().get()).toBeGreaterThan(0);
    check.close();
  });
});
