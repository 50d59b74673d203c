import type { APIEmbed, APIMessage } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { embedChars } from '../../src/discord/fit-embeds.ts';
import { ASK_HINT, renderThreadIntro, threadIntroLayout } from '../../src/discord/thread-intro-layout.ts';
import { hasMaskedLink } from '../support/markdown.ts';
import { paper } from '../support/papers.ts';

const ID = '2509.04664';
const embedsOf = (p: ReturnType<typeof paper>): APIEmbed[] => renderThreadIntro(p).embeds ?? [];
const text = (embeds: APIEmbed[]) => embeds.map((e) => e.description ?? '').join('\n\n');
const fieldsOf = (embeds: APIEmbed[]) => embeds.flatMap((e) => e.fields ?? []);
const chars = (s: string) => Array.from(s).length;

function expectWithinLimits(embeds: APIEmbed[]) {
  expect(embeds.length).toBeGreaterThan(0);
  expect(embeds.length).toBeLessThanOrEqual(10);
  expect(embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(6000);
  for (const e of embeds) {
    expect(chars(e.description ?? '')).toBeLessThanOrEqual(4096);
    expect(chars(e.title ?? '')).toBeLessThanOrEqual(256);
    for (const f of e.fields ?? []) expect(chars(f.value)).toBeLessThanOrEqual(1024);
  }
}

/** A sentence of `n` characters ending in a full stop. */
const sentence = (i: number, n = 200) => `Sentence ${i} ${'x'.repeat(n - 12 - String(i).length)}.`;

describe('the thread intro layout', () => {
  it('leads with the title linking to the paper, gives the whole abstract, the links and the /paper ask hint', () => {
    const abstract = 'We study tides. Gauges are sparse.\n\nWe present TideNet, which learns them.';
    const embeds = embedsOf(paper(ID, { title: 'TideNet', abstract }));
    expect(embeds).toHaveLength(1);
    expect(embeds[0]).toMatchObject({ title: 'TideNet', url: `https://huggingface.co/papers/${ID}` });
    expect(embeds[0]?.description).toBe(abstract);
    expect(fieldsOf(embeds)).toEqual([
      {
        name: 'Links',
        value:
          `[Hugging Face](https://huggingface.co/papers/${ID}) · [arXiv](https://arxiv.org/abs/${ID}) · ` +
          `[PDF](https://arxiv.org/pdf/${ID})`,
      },
      { name: 'Ask about it', value: ASK_HINT },
    ]);
    expect(ASK_HINT).toContain('`/paper ask`');
    expect(renderThreadIntro(paper(ID)).allowed_mentions).toEqual({ parse: [] });
  });

  it('shows the code repository when there is one on a code host, and none otherwise', () => {
    const withCode = fieldsOf(embedsOf(paper(ID, { githubRepo: 'https://github.com/acme/tide_(net)' })));
    expect(withCode.find((f) => f.name === 'Code')?.value).toBe(
      '[github.com/acme/tide_(net)](https://github.com/acme/tide_%28net%29)',
    );
    expect(fieldsOf(embedsOf(paper(ID))).map((f) => f.name)).toEqual(['Links', 'Ask about it']);
    const elsewhere = fieldsOf(embedsOf(paper(ID, { githubRepo: 'https://evil.example/x' })));
    expect(elsewhere.map((f) => f.name)).toEqual(['Links', 'Ask about it']);
  });

  it('splits a long abstract at paragraphs across embeds of one message, the title on the first', () => {
    const paras = [1, 2, 3].map((p) =>
      Array.from({ length: 12 }, (_, i) => sentence(p * 100 + i))
        .join(' ')
        .slice(0, 1500),
    );
    const embeds = embedsOf(paper(ID, { abstract: paras.join('\n\n') }));
    expectWithinLimits(embeds);
    expect(embeds.length).toBeGreaterThan(1);
    expect(embeds[0]?.title).toBe(`Paper ${ID}`);
    expect(embeds.slice(1).every((e) => e.title === undefined)).toBe(true);
    // Every paragraph whole, in order, none cut.
    expect(text(embeds)).toBe(paras.join('\n\n'));
    expect(embeds.at(-1)?.fields?.map((f) => f.name)).toEqual(['Links', 'Ask about it']);
  });

  it('splits a paragraph longer than an embed at sentences', () => {
    const sentences = Array.from({ length: 25 }, (_, i) => sentence(i));
    const embeds = embedsOf(paper(ID, { abstract: sentences.join(' ') }));
    expectWithinLimits(embeds);
    expect(embeds).toHaveLength(2);
    for (const e of embeds) expect(e.description).toMatch(/^Sentence \d+ x+\.( Sentence \d+ x+\.)*$/);
    expect(text(embeds).replace(/\n\n/g, ' ')).toBe(sentences.join(' '));
  });

  it('cuts an abstract that cannot fit after a sentence, with a link to the rest on arXiv; a huge title is cut', () => {
    const sentences = Array.from({ length: 60 }, (_, i) => sentence(i));
    const embeds = embedsOf(
      paper(ID, {
        title: 'T'.repeat(1000),
        abstract: sentences.join(' '),
        githubRepo: `https://github.com/acme/${'r'.repeat(400)}`,
      }),
    );
    expectWithinLimits(embeds);
    expect(chars(embeds[0]?.title ?? '')).toBe(256);
    const all = text(embeds);
    expect(all).toMatch(/x\.\n\n… \[continues on arXiv\]\(https:\/\/arxiv\.org\/abs\/2509\.04664\)$/);
    const kept = all.replace(/\n\n… \[continues.*$/s, '').replace(/\n\n/g, ' ');
    expect(sentences.join(' ').startsWith(kept)).toBe(true);
    expect(kept.length).toBeGreaterThan(4000);
    expect(fieldsOf(embeds).map((f) => f.name)).toEqual(['Links', 'Code', 'Ask about it']);
  });

  it('stays within the limits for one endless sentence without spaces, and for an abstract of brackets', () => {
    for (const abstract of ['y'.repeat(20_000), '['.repeat(9_000), '@everyone '.repeat(2_000)]) {
      expectWithinLimits(embedsOf(paper(ID, { abstract })));
    }
    // Cut between pieces, never between an escape and the bracket it escapes.
    const brackets = embedsOf(paper(ID, { abstract: '['.repeat(9_000) })).map((e) => e.description ?? '');
    expect(brackets[0]).toMatch(/^(\\\[)+$/);
    expect(brackets.at(-1)).toMatch(/^… \[continues on arXiv\]/);
  });

  it('makes no masked link and no mention from the paper’s text', () => {
    const embeds = embedsOf(
      paper(ID, {
        title: 'Hi @everyone <@123>',
        abstract: 'See [click me](https://evil.example) now. Ping @here and <@&42> and <@!7>.',
      }),
    );
    const description = embeds[0]?.description ?? '';
    expect(description).toContain('\\[click me\\](https://evil.example)');
    expect(hasMaskedLink(description)).toBe(false);
    expect(description).not.toMatch(/@(everyone|here)|<@[!&]?\d/);
    expect(embeds[0]?.title).not.toMatch(/@everyone|<@\d/);
  });

  it('recognises its own intro and not the daily post the thread was opened on', () => {
    const p = paper(ID, { abstract: 'A. B.' });
    const asMessage = (embeds: APIEmbed[]) => ({ embeds, content: '' }) as unknown as APIMessage;
    expect(threadIntroLayout.isRenderingOf(p, asMessage(embedsOf(p)))).toBe(true);
    expect(threadIntroLayout.isRenderingOf(paper('2509.00001'), asMessage(embedsOf(p)))).toBe(false);
    const dailyPost = [{ title: p.title, url: `https://huggingface.co/papers/${ID}`, description: 'A.' }];
    expect(threadIntroLayout.isRenderingOf(p, asMessage(dailyPost))).toBe(false);
  });
});
