import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.ts';
import { createDeliveryStore } from '../../../src/delivery/delivery-store.ts';
import { createPaperStore } from '../../../src/papers/paper-store.ts';
import { startArxivServer, type ArxivFake } from '../../support/arxiv/server.ts';
import { startFakeLlm, type FakeLlm } from '../../support/fake-llm.ts';
import { startBot, tempDbPath, type Harness } from '../../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord/emulator.ts';
import { listedOn, paper } from '../../support/papers.ts';

const FULL = readFileSync(new URL('../../support/arxiv/paper-full.html', import.meta.url), 'utf8');
const TIDES = '2509.00001';
const NO_HTML = '2509.00002';
const TIDES_ABSTRACT = 'Tide gauges are few and far apart. We present TideNet.';
const ABSTRACT = 'We propose Abstain-RL, a method that rewards abstaining when unsure. It reduces confident errors.';

let emu: DiscordEmulator;
let arxiv: ArxivFake;
let h: Harness | null = null;
let databasePath: string;
let threadId: string;

beforeEach(async () => {
  emu = await startDiscordEmulator();
  arxiv = await startArxivServer({ pages: { [TIDES]: FULL } });
  databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save([
    listedOn(
      '2025-09-08',
      paper(TIDES, { title: 'TideNet: Learning Coastal Tides from Sparse Gauges', abstract: TIDES_ABSTRACT }),
    ),
    listedOn('2025-09-08', paper(NO_HTML, { title: 'Abstain-RL', abstract: ABSTRACT })),
  ]);
  // A discussion thread of the tides paper (the bot only reads the channel id of the interaction).
  threadId = emu.addChannel(emu.guild().id, { name: 'tidenet-thread' }).id;
  createDeliveryStore(db).saveThread(emu.channel('general').id, TIDES, threadId);
  db.close();
  h = await startBot(emu, { databasePath, env: { ARXIV_ENDPOINT: `${arxiv.url}/` } });
});
afterEach(async () => {
  await h?.bot.stop();
  h = null;
  await arxiv.close();
  await emu.close();
});

const NO_ANSWER = { title: '', text: '', footer: '', flags: 0, allowedMentions: undefined };

async function ask(options: Record<string, string | boolean>, channelId = emu.channel('general').id) {
  const ix = emu.sendSlashCommand({ channelId, name: 'paper', subcommand: 'ask', options });
  const res = await ix.response;
  if (Number(res.type) !== 5) return { ...NO_ANSWER, error: res.data as { content: string; flags: number } };
  await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0, 5000);
  const embed = ix.original?.embeds[0];
  const edit = [...emu.requests].reverse().find((r) => r.method === 'PATCH' && r.path.includes(ix.token));
  return {
    title: embed?.title ?? '',
    text: embed?.description ?? '',
    footer: embed?.footer?.text ?? '',
    flags: (ix.callback?.data as { flags?: number } | undefined)?.flags ?? 0,
    allowedMentions: (edit?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions,
    error: undefined,
  };
}

describe('/paper ask', () => {
  it('answers with passages quoted from the HTML, each linked to its section, privately outside a thread', async () => {
    const a = await ask({ question: 'How many epochs do they train for?', paper: TIDES });
    expect(a.title).toBe('How many epochs do they train for?');
    expect(a.text).toContain('We train for ten epochs on hourly readings.');
    expect(a.text).toContain(`**[2.2 Training](${arxiv.url}/html/${TIDES}#S2.SS2.p1)**`);
    expect(a.footer).toBe("Quoted from the paper's full text on arXiv");
    expect(a.flags & 64).toBe(64);
    expect(a.allowedMentions).toEqual({ parse: [] });
    // The second question is answered from the stored passages: no second fetch.
    await ask({ question: 'What error does TideNet reach?', paper: TIDES });
    expect(arxiv.requests.map((r) => r.path)).toEqual([`/html/${TIDES}`]);
  });

  it('answers from the abstract, with the note, when arXiv has no HTML (404), and stores that', async () => {
    const a = await ask({ question: 'What does abstaining reduce?', paper: NO_HTML });
    expect(a.text).toContain('confident errors');
    expect(a.text).toContain(`(${arxiv.url}/abs/${NO_HTML})`);
    expect(a.footer).toContain('Only the abstract was available');
    await ask({ question: 'Is it a method?', paper: NO_HTML });
    expect(arxiv.requests).toHaveLength(1);
  });

  it('a question with @everyone pings no one', async () => {
    const a = await ask({ question: 'Do @everyone and <@&123456789012345678> agree on tides?', paper: TIDES });
    expect(a.title).toContain('@\u200beveryone');
    expect(a.title).toContain('<@\u200b&123456789012345678>');
    expect(a.allowedMentions).toEqual({ parse: [] });
  });

  it('refuses an empty question, and a question without a paper outside a thread', async () => {
    const empty = await ask({ question: '   ', paper: TIDES });
    expect(empty.error?.content).toContain('Type a question');
    expect((empty.error?.flags ?? 0) & 64).toBe(64);
    const unnamed = await ask({ question: 'What is it about?' });
    expect(unnamed.error?.content).toContain('Name the paper');
    expect(arxiv.requests).toHaveLength(0);
  });

  it("in the paper's discussion thread, answers about that paper without the option, publicly", async () => {
    const a = await ask({ question: 'Where are the gauges?' }, threadId);
    expect(a.text).toContain('All twelve gauges are on the western coast.');
    expect(a.flags & 64).toBe(0);
    const priv = await ask({ question: 'Where are the gauges?', private: true }, threadId);
    expect(priv.flags & 64).toBe(64);
  });

  it('says when the paper does not seem to cover the question, with the closest passage', async () => {
    const a = await ask({ question: 'Which GPU vendor sponsored quantum chromodynamics?', paper: TIDES });
    expect(a.text).toMatch(/^The paper does not seem to cover this\. The closest passage:/);
    expect(a.text).toContain('Tide gauges are few and far apart.');
    expect(a.text).toContain(`**[Abstract](${arxiv.url}/html/${TIDES})**`);
  });
});

describe('/paper ask with a model', () => {
  let llm: FakeLlm;
  beforeEach(async () => {
    llm = await startFakeLlm({ kind: 'ok', content: 'Ten epochs [1][9], on hourly data [0] @everyone.' });
    await h?.bot.stop();
    h = await startBot(emu, {
      databasePath,
      env: { ARXIV_ENDPOINT: arxiv.url, SUMMARY_API_URL: llm.url, SUMMARY_MODEL: 'tiny' },
    });
  });
  afterEach(async () => {
    await llm.close();
  });

  const prompts = () => llm.requests.map((r) => (r.body as { messages: { content: string }[] }).messages[1]!.content);

  it('answers from the numbered passages, drops citations of passages it was not given, links the cited ones', async () => {
    const a = await ask({ question: 'How many epochs do they train for?', paper: TIDES });
    expect(prompts()).toHaveLength(1);
    expect(prompts()[0]).toContain('[1] (2.2 Training) We train for ten epochs on hourly readings.');
    expect(prompts()[0]).toMatch(/Question: How many epochs do they train for\?$/);
    expect(a.text.startsWith('Ten epochs \\[1\\], on hourly data @\u200beveryone.')).toBe(true);
    expect(a.text).toContain(`[1] **[2.2 Training](${arxiv.url}/html/${TIDES}#S2.SS2.p1)**`);
    expect(a.text).not.toContain('[9]');
    expect(a.footer).toContain('cited as [n]');
    expect(a.allowedMentions).toEqual({ parse: [] });
  });

  it('asking the same question again, however typed, costs no second model call', async () => {
    const first = await ask({ question: 'How many epochs do they train for?', paper: TIDES });
    const again = await ask({ question: '  how many EPOCHS do they train for ', paper: TIDES }, threadId);
    expect(again.text).toBe(first.text);
    expect(llm.requests).toHaveLength(1);
    await ask({ question: 'What error does TideNet reach?', paper: TIDES });
    expect(llm.requests).toHaveLength(2);
  });

  it('quotes the passages with a one-line note when the model fails, and tries it again after the cooldown', async () => {
    llm.respond({ kind: 'status', status: 500 });
    const a = await ask({ question: 'How many epochs do they train for?', paper: TIDES });
    expect(a.text).toMatch(/^\*The model was unavailable, so here are the passages that match best\.\*/);
    expect(a.text).toContain('We train for ten epochs on hourly readings.');
    expect(a.footer).toBe("Quoted from the paper's full text on arXiv");
    // The breaker is open: the next question does not wait on the dead endpoint.
    await ask({ question: 'What error does TideNet reach?', paper: TIDES });
    expect(llm.requests).toHaveLength(1);
  });

  it('shows "not covered" with the closest passage when the model finds no answer in the passages', async () => {
    llm.respond({ kind: 'ok', content: 'NOT_COVERED.' });
    const a = await ask({ question: 'How many epochs do they train the gauges for?', paper: TIDES });
    expect(a.text).toMatch(/^The paper does not seem to cover this\. The closest passage:/);
    expect(a.text).toContain('We train for ten epochs on hourly readings.');
    await ask({ question: 'How many epochs do they train the gauges for?', paper: TIDES });
    expect(llm.requests).toHaveLength(1);
  });

  it('does not call the model when no passage is relevant enough', async () => {
    const a = await ask({ question: 'Which GPU vendor sponsored quantum chromodynamics?', paper: TIDES });
    expect(a.text).toMatch(/^The paper does not seem to cover this/);
    expect(llm.requests).toHaveLength(0);
  });
});
