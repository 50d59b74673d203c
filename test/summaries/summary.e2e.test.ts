import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { paperRows } from '../../src/discord/post-layout.ts';
import { startBot, tempDbPath, type Harness } from '../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { hasMaskedLink } from '../support/markdown.ts';
import { listedOn, paper } from '../support/papers.ts';

let emu: DiscordEmulator;
let llm: FakeLlm;
let h: Harness | null = null;
let databasePath: string;

const ABSTRACT =
  'Large language models often state false facts. ' +
  'We propose Abstain-RL, a method that rewards abstaining when unsure. ' +
  'Experiments on five benchmarks show that Abstain-RL reduces confident errors by 30%. Code is available online.';

beforeEach(async () => {
  emu = await startDiscordEmulator();
  llm = await startFakeLlm({ kind: 'ok', content: 'A model summary that pings @everyone.' });
  databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save([
    listedOn(
      '2025-09-08',
      paper('2509.00001', { title: 'With HF summary', aiSummary: 'The HF summary.', abstract: ABSTRACT }),
    ),
    listedOn('2025-09-08', paper('2509.00002', { title: 'Without HF summary', abstract: ABSTRACT })),
  ]);
  db.close();
});
afterEach(async () => {
  await h?.bot.stop();
  h = null;
  await llm.close();
  await emu.close();
});

async function summary(paperId: string, length?: string) {
  const ix = emu.sendSlashCommand({
    channelId: emu.channel('general').id,
    name: 'paper',
    subcommand: 'summary',
    options: { paper: paperId, ...(length ? { length } : {}) },
  });
  expect((await ix.response).type).toBe(5);
  await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0, 5000);
  const embed = ix.original?.embeds[0];
  return {
    text: embed?.description ?? '',
    footer: embed?.footer?.text ?? '',
    flags: (ix.callback?.data as { flags?: number })?.flags ?? 0,
  };
}

describe('/paper summary', () => {
  it('without a model: the HF summary, else key sentences of the abstract, always privately by default', async () => {
    h = await startBot(emu, { databasePath });
    expect(await summary('2509.00001')).toEqual({
      text: 'The HF summary.',
      footer: 'Hugging Face AI summary',
      flags: 64,
    });
    const extractive = await summary('2509.00002');
    expect(extractive.footer).toBe('Key sentences of the abstract');
    expect(extractive.text).toContain('We propose Abstain-RL');
    expect(llm.requests).toHaveLength(0);
  });

  it('with a model: short uses HF when stored, else the model; detailed uses the model; mentions are defused', async () => {
    h = await startBot(emu, {
      databasePath,
      env: { SUMMARY_API_URL: llm.url, SUMMARY_MODEL: 'tiny', SUMMARY_API_KEY: 'sk-test-key' },
    });
    expect((await summary('2509.00001')).text).toBe('The HF summary.');
    expect(llm.requests).toHaveLength(0);
    const fromModel = await summary('2509.00002');
    expect(fromModel.footer).toBe('Summary by the configured model');
    expect(fromModel.text).toBe('A model summary that pings @\u200beveryone.');
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.headers.authorization).toBe('Bearer sk-test-key');
    await summary('2509.00002');
    expect(llm.requests).toHaveLength(1); // cached per paper, length and model
    await summary('2509.00001', 'detailed');
    expect(llm.requests).toHaveLength(2);
  });

  it('shows a masked link in the model output as text, not as a link', async () => {
    llm.respond({ kind: 'ok', content: 'A summary. [Read the full paper](https://evil.example/login) now.' });
    h = await startBot(emu, { databasePath, env: { SUMMARY_API_URL: llm.url, SUMMARY_MODEL: 'tiny' } });
    for (let i = 0; i < 2; i++) {
      // The first answer comes from the model, the second from the cache.
      const s = await summary('2509.00002');
      expect(s.footer).toBe('Summary by the configured model');
      expect(s.text).toContain('Read the full paper');
      expect(hasMaskedLink(s.text)).toBe(false);
    }
    expect(llm.requests).toHaveLength(1);
  });

  it('falls back to the abstract with a note when the model fails, never showing the error', async () => {
    llm.respond({ kind: 'status', status: 500, body: 'internal secret detail' });
    h = await startBot(emu, { databasePath, env: { SUMMARY_API_URL: llm.url, SUMMARY_MODEL: 'tiny' } });
    const s = await summary('2509.00002', 'detailed');
    expect(s.footer).toContain('Key sentences of the abstract · The summary model was unavailable');
    expect(s.text).not.toContain('secret');
  });

  it('the Summary button on a post answers privately', async () => {
    h = await startBot(emu, { databasePath });
    const components = paperRows(paper('2509.00001'), 0);
    const msg = emu.seedMessage(emu.channel('general').id, { authorId: emu.botUser.id, content: '', components });
    const ix = emu.clickButton({
      channelId: emu.channel('general').id,
      messageId: msg.id,
      customId: 'paper:summary:2509.00001',
    });
    await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0, 5000);
    expect(ix.original?.embeds[0]?.description).toBe('The HF summary.');
    expect((ix.callback?.data as { flags: number }).flags & 64).toBe(64);
  });
});
