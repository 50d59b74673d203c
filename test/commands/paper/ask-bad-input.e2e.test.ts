// Whatever arXiv sends, a member asking about a paper gets an answer, from the abstract if need be, and
// nothing half-stored is ever used.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.ts';
import { createPaperStore } from '../../../src/papers/paper-store.ts';
import { startArxivServer, type ArxivFake, type ArxivFault } from '../../support/arxiv/server.ts';
import { startBot, tempDbPath, type Harness } from '../../support/bot-harness.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../../support/discord/emulator.ts';
import { listedOn, paper } from '../../support/papers.ts';

const FULL = readFileSync(new URL('../../support/arxiv/paper-full.html', import.meta.url), 'utf8');
const ABSTRACT = 'Tide gauges are few and far apart. We present TideNet, which interpolates tidal heights.';
const FROM_ABSTRACT = "Only the abstract was available: answered from the paper's title and abstract";
const FROM_HTML = "Quoted from the paper's full text on arXiv";
const QUESTION = 'How many epochs do they train TideNet for?';

const wrap = (body: string) =>
  '<!DOCTYPE html><html><head><title>t</title></head><body>' +
  `<article class="ltx_document">${body}</article></body></html>`;
const EPOCHS = '<p class="ltx_p">We train TideNet for ten epochs.</p>';

// Pages served with 200 text/html, and faults served instead of a page.
const pages: Record<string, string> = {
  '2601.00001': FULL.slice(0, FULL.indexOf('id="S3"')), // cut in the middle
  // 40,000 nested tags
  '2601.00002': wrap(
    `${'<div><span>'.repeat(20_000)}<div class="ltx_para" id="S1.p1">${EPOCHS}</div>${'</span></div>'.repeat(20_000)}`,
  ),
  '2601.00003': wrap(
    '<script>var epochs = "SCRIPT_LEAK";</script><style>.epochs{}</style>' +
      `<section class="ltx_section" id="S1"><div class="ltx_para" id="S1.p1">${EPOCHS}</div></section>`,
  ), // scripts and styles, and a section with no title
  '2601.00004': wrap(`<div class="ltx_para" id="p1">${EPOCHS}</div>`), // no sections
};
const faulted: Array<[string, string, ArxivFault, number]> = [
  // Every attempt: on a loaded machine the 1 s timeout may end an attempt before 8 MB arrive, and be retried.
  ['2601.00010', 'a 20 MB body', { kind: 'oversize', bytes: 20 * 1024 * 1024 }, 3],
  ['2601.00011', 'a PDF instead of HTML', { kind: 'not-html', contentType: 'application/pdf' }, 1],
  ['2601.00012', 'a 404', { kind: 'status', status: 404 }, 1],
  ['2601.00013', '500 on every attempt', { kind: 'status', status: 500 }, 3],
  ['2601.00014', 'no answer at all (a hang)', { kind: 'hang' }, 3],
];
const IDS = [...Object.keys(pages), ...faulted.map(([id]) => id), '2601.00020'];

let emu: DiscordEmulator;
let arxiv: ArxivFake;
let h: Harness;
let databasePath: string;

beforeAll(async () => {
  emu = await startDiscordEmulator();
  arxiv = await startArxivServer({
    pages: { ...pages, ...Object.fromEntries(faulted.map(([id]) => [id, FULL])), '2601.00020': FULL },
  });
  databasePath = tempDbPath();
  const db = openDatabase(databasePath);
  createPaperStore(db).save(
    IDS.map((id) => listedOn('2026-01-05', paper(id, { title: `TideNet ${id}`, abstract: ABSTRACT }))),
  );
  db.close();
  h = await startBot(emu, { databasePath, env: { ARXIV_ENDPOINT: arxiv.url, ARXIV_TIMEOUT_MS: '1000' } });
});
afterAll(async () => {
  await h.bot.stop();
  await arxiv.close();
  await emu.close();
});

async function ask(paperId: string, question = QUESTION) {
  const ix = emu.sendSlashCommand({
    channelId: emu.channel('general').id,
    name: 'paper',
    subcommand: 'ask',
    options: { question, paper: paperId },
  });
  expect(Number((await ix.response).type)).toBe(5);
  await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0, 30_000);
  const embed = ix.original?.embeds[0];
  return { text: embed?.description ?? '', footer: embed?.footer?.text ?? '' };
}

const stored = (paperId: string) => {
  const db = openDatabase(databasePath);
  try {
    return {
      source: db.prepare('SELECT source FROM paper_fulltext WHERE paper_id = ?').pluck().get(paperId) ?? null,
      passages: db.prepare('SELECT count(*) FROM paper_passages WHERE paper_id = ?').pluck().get(paperId),
    };
  } finally {
    db.close();
  }
};

describe('/paper ask when arXiv sends something bad', () => {
  it.each(Object.keys(pages))('odd but readable HTML (%s) is answered from what it has', async (id) => {
    const a = await ask(id);
    expect(a.footer).toBe(FROM_HTML);
    expect(a.text).toContain('ten epochs');
    expect(a.text).not.toContain('SCRIPT_LEAK');
    expect(stored(id).source).toBe('html');
  });

  it.each(faulted)('%s, %s: answered from the abstract', async (id, _what, fault, times) => {
    arxiv.fault(fault, times);
    const a = await ask(id, 'Where are tide gauges, and what does TideNet interpolate?');
    arxiv.clearFaults();
    expect(a.footer).toBe(FROM_ABSTRACT);
    expect(a.text).toContain('Tide gauges are few and far apart.');
    // A 404 means arXiv has no HTML: that is stored for good. Any other failure stores nothing, half or whole.
    expect(stored(id)).toEqual(
      fault.kind === 'status' && fault.status === 404
        ? { source: 'abstract', passages: 2 }
        : { source: null, passages: 0 },
    );
  });

  it('waits out a 429 with Retry-After, then answers from the full text', async () => {
    arxiv.fault({ kind: '429', retryAfter: '1' });
    const a = await ask('2601.00020');
    expect(a.footer).toBe(FROM_HTML);
    expect(a.text).toContain('We train for ten epochs on hourly readings.');
    const tries = arxiv.requests.filter((r) => r.path === '/html/2601.00020');
    expect(tries).toHaveLength(2);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('after a failed fetch, the next question fetches again and gets the full text', async () => {
    const a = await ask('2601.00013');
    expect(a.footer).toBe(FROM_HTML);
    expect(stored('2601.00013').source).toBe('html');
  });
});
