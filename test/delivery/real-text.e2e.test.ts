import type { APIEmbed } from 'discord.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { REAL_TEXT_2024, REAL_TEXT_2025, realTextDays } from '../support/hf/fixtures.ts';
import { deliveryWorld, type World } from '../support/delivery-world.ts';
import { startHfServer } from '../support/hf/server.ts';

// Real `daily_papers` text (test/support/hf/daily-papers-real-text.json) from the local Hugging Face, through the
// bot, to what members see in the local Discord: posts, digests, search, and the terminal preview.

let w: World;

const UPLOADS = 'https://cdn-uploads.huggingface.co/production/uploads/placeholder';
const ROAD_FIRST =
  'Existing learning rate schedules that do not require specification of the optimization stopping step T are ' +
  'greatly out-performed by learning rate schedules that depend on T.';

async function postDay(day: string) {
  w.clock.now = new Date(`${day}T10:00:00Z`);
  for (const channel of ['papers', 'digest']) await w.papers('post-now', { channel: w.ch(channel) });
}

const embeds = (channel: string): APIEmbed[] => w.posts(channel).flatMap((m) => m.embeds);
const byTitle = (list: APIEmbed[], start: string) => {
  const found = list.find((e) => e.title?.replace(/^\d+\. /, '').startsWith(start));
  if (!found) throw new Error(`no embed titled ${start}: ${list.map((e) => e.title).join(' | ')}`);
  return found;
};

async function search(query: string): Promise<string> {
  const ix = w.emu.sendSlashCommand({
    channelId: w.ch('papers'),
    name: 'paper',
    subcommand: 'search',
    options: { query },
  });
  await ix.response;
  await ix.waitForOriginal((m) => (m?.embeds.length ?? 0) > 0 || Boolean(m?.content), 5000);
  return ix.original?.embeds[0]?.description ?? ix.original?.content ?? '';
}

describe('real Hugging Face text in posts, digests and search', () => {
  // One bot posts both days to a per-paper and a digest channel; each test reads what members were shown.
  beforeAll(async () => {
    w = await deliveryWorld({ days: realTextDays(), at: `${REAL_TEXT_2024}T08:00:00Z` });
    await w.papers('subscribe', { channel: w.ch('papers'), time: '23:00' });
    await w.papers('subscribe', { channel: w.ch('digest'), time: '23:00', format: 'digest' });
    await postDay(REAL_TEXT_2024);
    await postDay(REAL_TEXT_2025);
  });
  afterAll(async () => {
    await w?.close();
  });

  it("posts a 2024-era entry's attached image as its thumbnail, and no video", () => {
    expect(byTitle(embeds('papers'), 'The Road Less Scheduled').thumbnail?.url).toBe(
      `${UPLOADS}/road-less-scheduled.png`,
    );
    expect(byTitle(embeds('papers'), '∇²DFT: A Universal Quantum Chemistry').thumbnail?.url).toBe(
      `${UPLOADS}/nabla2dft-overview.png`,
    );
    expect(byTitle(embeds('papers'), 'Talking Heads').thumbnail).toBeUndefined();
    expect(byTitle(embeds('papers'), 'UnCommon Objects in 3D').thumbnail?.url).toBe(
      'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.07574.png',
    );
  });

  it('2405.15682: blurbs end at a sentence ("…depend on T."), in posts and digests', () => {
    expect(byTitle(embeds('papers'), 'The Road Less Scheduled').description).toMatch(
      new RegExp(`^${ROAD_FIRST} We propose .* momentum\\.$`),
    );
    // The digest's 300 characters hold the first sentence only (it ended "…while exhibiti…").
    expect(byTitle(embeds('digest'), 'The Road Less Scheduled').description).toMatch(
      new RegExp(`^${ROAD_FIRST}\\n▲ 31 · `),
    );
  });

  it('2501.07574: a sentence starting in lower case ("uCO3D is") ends the one before it', () => {
    const post = byTitle(embeds('papers'), 'UnCommon Objects in 3D').description ?? '';
    expect(post).toContain('3D generative AI. uCO3D is the largest');
    expect(post).toMatch(/covering more than 1,000 object categories\.( |$)/);
    expect(post).not.toContain('…');
    const digest = byTitle(embeds('digest'), 'UnCommon Objects in 3D').description ?? '';
    expect(digest.split('\n')[0]).toMatch(/ensures full-360° coverage\.$/);
  });

  it('shows titles, abstracts, AI summaries and authors as a reader would write them', () => {
    expect(byTitle(embeds('papers'), '∇²DFT: A Universal Quantum Chemistry').description).toMatch(
      /benchmark called ∇²DFT\.$/,
    );
    const prefill = byTitle(embeds('papers'), 'Disaggregated Prefill & Decode for Long-Context Serving');
    expect(prefill.description).toBe(
      'Splitting prefill & decode across GPU pools gives 2.3× more goodput for long-context serving.',
    );
    expect(prefill.fields?.find((f) => f.name === 'Authors')?.value).toBe('Lena Stütz, José Martínez, Wei Yun');
    expect(byTitle(embeds('papers'), '$OneMillion-Bench: How Far').description).toBe(
      'We introduce $OneMillion-Bench, 400 expert tasks whose market value adds up to one million dollars. ' +
        'The best agent earns less than a tenth of it.',
    );
    expect(byTitle(embeds('digest'), 'Disaggregated Prefill & Decode').title).toBeDefined();
    const shown = JSON.stringify(w.posts('papers').concat(w.posts('digest')));
    expect(shown).not.toMatch(/\\\\[&$"']|\\\\textbf|\\\\nabla|\$\^/);
  });

  it('/paper search finds "Stütz" and "∇²DFT" (and "DFT"), and lists them readable', async () => {
    expect(await search('Stütz')).toContain('Disaggregated Prefill & Decode for Long-Context Serving');
    expect(await search('author:stutz')).toContain('Disaggregated Prefill & Decode');
    expect(await search('∇²DFT')).toContain('∇²DFT: A Universal Quantum Chemistry Dataset');
    expect(await search('DFT quantum')).toContain('∇²DFT: A Universal Quantum Chemistry Dataset');
  });
});

describe('paperboy preview of real text', () => {
  it('prints blurbs cut at sentences: "…depend on T.", not "…compared to schedu…" or "…more than 1,00…"', async () => {
    const hf = await startHfServer({ days: realTextDays() });
    const env = { DATABASE_PATH: process.env.DATABASE_PATH, HF_ENDPOINT: process.env.HF_ENDPOINT };
    process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'paperboy-preview-')), 'p.db');
    process.env.HF_ENDPOINT = hf.url;
    const out: string[] = [];
    try {
      for (const day of [REAL_TEXT_2024, REAL_TEXT_2025])
        expect(await runCli(['preview', '--date', day], (line) => out.push(line), false)).toBe(0);
    } finally {
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await hf.close();
    }
    // The blurb is wrapped at 76 columns, each line indented by three spaces.
    const text = out.join('\n').replace(/\n {3}/g, ' ');
    expect(text).toContain(ROAD_FIRST);
    expect(text).toContain('3D generative AI. uCO3D is the largest');
    expect(text).not.toMatch(/schedu…|1,00…/);
    expect(text).toContain('∇²DFT: A Universal Quantum Chemistry Dataset');
  });
});
