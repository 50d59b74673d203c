import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { renderPost, threadName } from '../../src/discord/post-layout.ts';
import { embedChars } from '../../src/discord/fit-embeds.ts';
import { paper } from '../support/papers.ts';

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
const rowsOf = (body: RESTPostAPIChannelMessageJSONBody) => (body.components ?? []) as Row[];
const huge = (n: number) => 'word '.repeat(n);
const long = paper('2509.04664', {
  title: `@everyone ${huge(200)}`,
  abstract: huge(3000),
  aiSummary: null,
  authors: Array.from({ length: 40 }, (_, i) => `Author ${i}`),
  githubRepo: 'https://github.com/x/y',
  githubStars: 12,
  organization: huge(1000),
});

describe('rendering posts', () => {
  it('a per-paper post has the card, the buttons and only the named role may be pinged', () => {
    const body = renderPost({
      kind: 'paper',
      day: '2025-09-10',
      papers: [long],
      mentionRoleId: '222222222222222222',
      votes: () => 4,
    });
    const embed = body.embeds?.[0];
    expect(embed?.url).toBe('https://huggingface.co/papers/2509.04664');
    expect(Array.from(embed?.title ?? '').length).toBeLessThanOrEqual(256);
    expect(embed?.title?.endsWith('…')).toBe(true);
    expect(embedChars(embed ?? {})).toBeLessThanOrEqual(6000);
    expect(embed?.fields?.find((f) => f.name === 'Authors')?.value).toBe('Author 0, Author 1, Author 2 +37 more');
    expect(body.content).toBe('<@&222222222222222222> Hugging Face Daily Papers · 2025-09-10');
    expect(body.allowed_mentions).toEqual({ parse: [], roles: ['222222222222222222'] });
    const [actions, links] = rowsOf(body);
    const labels = (row: Row | undefined) => (row?.components ?? []).map((c) => ('label' in c ? c.label : ''));
    expect(labels(actions)).toEqual(['▲ Upvote (4)', 'Summary', 'Discuss']);
    expect(labels(links)).toEqual(['arXiv', 'PDF', 'Code']);
  });

  it('without a mention there is no content and no one can be pinged', () => {
    const body = renderPost({
      kind: 'paper',
      day: '2025-09-10',
      papers: [paper('2509.1')],
      mentionRoleId: null,
      votes: () => 0,
    });
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [] });
    expect(rowsOf(body)[1]?.components).toHaveLength(2);
  });

  it('a digest of ten long papers fits in one message with numbered votes', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...long, id: `2509.0000${i}` }));
    const body = renderPost({
      kind: 'digest',
      day: '2025-09-10',
      papers: ten,
      mentionRoleId: null,
      votes: (id) => (id.endsWith('3') ? 7 : 0),
    });
    expect(body.embeds).toHaveLength(10);
    expect(body.embeds?.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(6000);
    expect(body.components).toHaveLength(4);
    const votes = [...(rowsOf(body)[0]?.components ?? []), ...(rowsOf(body)[1]?.components ?? [])];
    expect(votes.map((c) => ('label' in c ? c.label : ''))).toContain('▲ 4 (7)');
    expect(rowsOf(body).every((r) => r.components.length <= 5)).toBe(true);
  });

  it('an empty-day note and thread names within limits', () => {
    expect(
      renderPost({ kind: 'note', day: '2025-09-13', papers: [], mentionRoleId: null, votes: () => 0 }).content,
    ).toContain('No Hugging Face Daily Papers for 2025-09-13');
    expect(Array.from(threadName(long)).length).toBeLessThanOrEqual(100);
  });
});
