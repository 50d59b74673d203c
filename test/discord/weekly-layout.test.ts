import type { APIMessage } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { weeklyLayout } from '../../src/discord/weekly-layout.ts';
import { paper } from '../support/papers.ts';

const a = paper('2509.00001', { title: 'First [draft]', hfUpvotes: 5 });
const b = paper('2509.00002', { title: 'Second', hfUpvotes: 3 });
const render = (discussed: Parameters<typeof weeklyLayout.render>[0]['discussed']) =>
  weeklyLayout.render({ week: '2026-W10', papers: [a, b], votes: (id) => (id === a.id ? 2 : 1), discussed });

describe('the weekly digest layout', () => {
  it('lists the most upvoted papers, with no "Most discussed" line when nothing was discussed', () => {
    const body = render([]);
    const [embed] = body.embeds ?? [];
    expect(embed?.description?.split('\n')).toEqual([
      '**1.** [First draft](https://huggingface.co/papers/2509.00001) · ▲ 2 here · 5 on HF',
      '**2.** [Second](https://huggingface.co/papers/2509.00002) · ▲ 1 here · 3 on HF',
    ]);
    expect(embed?.fields).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('names the most discussed paper, or the papers tied for it, with their message count', () => {
    expect(render([{ paper: b, messages: 1 }]).embeds?.[0]?.fields).toEqual([
      { name: 'Most discussed', value: '[Second](https://huggingface.co/papers/2509.00002) · 💬 1 message' },
    ]);
    expect(
      render([
        { paper: b, messages: 4 },
        { paper: a, messages: 4 },
      ]).embeds?.[0]?.fields,
    ).toEqual([
      {
        name: 'Most discussed',
        value:
          '[Second](https://huggingface.co/papers/2509.00002), [First draft](https://huggingface.co/papers/2509.00001)' +
          ' · 💬 4 messages',
      },
    ]);
  });

  it('recognises its digest by the week, whatever the counts (a restart re-renders with newer ones)', () => {
    const sent = { embeds: render([{ paper: a, messages: 3 }]).embeds } as unknown as APIMessage;
    expect(weeklyLayout.isRenderingOf('2026-W10', sent)).toBe(true);
    expect(weeklyLayout.isRenderingOf('2026-W11', sent)).toBe(false);
  });
});
