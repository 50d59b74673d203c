import { describe, expect, it } from 'vitest';
import { explanation, recommendEmbed, tooFewVotesText } from '../../src/discord/recommend-layout.ts';
import { paper } from '../support/papers.ts';

describe('recommend layout', () => {
  it('names the similar paper in italics and three features, with no markdown or masked link from the paper', () => {
    const text = explanation('me', {
      similarTo: { title: 'Spherical *CNNs* [click](https://evil.example) _x_ \\' },
      because: ['equivariance', 'SO(3)', 'rot*ation'],
    });
    expect(text).toBe(
      'because you upvoted *Spherical \\*CNNs\\* \\[click\\](https://evil.example) \\_x\\_ \\\\*: ' +
        'equivariance, SO(3), rot\\*ation',
    );
    expect(explanation('server', { similarTo: null, because: [] })).toBe('because this server upvoted papers like it');
  });

  it('numbers the papers, links them to Hugging Face and says what it learned from', () => {
    const embed = recommendEmbed(
      'server',
      [{ paper: paper('2509.00001', { title: 'A [b]', hfUpvotes: 7 }), similarTo: { title: 'B' }, because: ['c'] }],
      { lists: 1, upvotes: 12 },
    );
    expect(embed.title).toBe('Recommended for this server');
    expect(embed.description).toBe(
      '**1.** [A b](https://huggingface.co/papers/2509.00001) · 7 on HF\nbecause this server upvoted *B*: c',
    );
    expect(embed.footer?.text).toBe(
      'From the last Daily Papers list, not yet upvoted · learned from 12 upvotes in this server',
    );
  });

  it("keeps whole entries within Discord's 4,096 characters and counts the rest", () => {
    const long = 'Long title '.repeat(12);
    const items = Array.from({ length: 25 }, (_, i) => ({
      paper: paper(`2509.${String(10000 + i)}`, { title: long }),
      similarTo: { title: long },
      because: ['equivariance', 'rotation', 'spherical harmonics'],
    }));
    const description = recommendEmbed('me', items, { lists: 7, upvotes: 40 }).description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    const lines = description.split('\n');
    const shown = lines.filter((l) => l.startsWith('**')).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(25);
    expect(lines.at(-1)).toBe(`…and ${25 - shown} more that do not fit in one message`);
    // Every entry shown is whole: its link closes and its explanation follows.
    expect(lines.filter((l) => l.startsWith('because you upvoted')).length).toBe(shown);
  });

  it('says how many upvotes are missing, for a member and for the server', () => {
    expect(tooFewVotesText('me', 2, 3, true)).toContain(
      '2 so far, 3 needed. Upvote 1 more paper with the ▲ button to get them.',
    );
    expect(tooFewVotesText('server', 9, 10, false)).toContain('1 more paper needs an upvote here');
    expect(tooFewVotesText('server', 9, 10, false)).toContain('Nobody here upvoted a paper this week yet.');
  });
});
