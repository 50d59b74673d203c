import { describe, expect, it } from 'vitest';
import { paperCard } from '../../src/discord/paper-embed.ts';
import { compactEmbed, renderPost } from '../../src/discord/post-layout.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { hasMaskedLink } from '../support/markdown.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

/** A paper as a database written before ingest validated dates and URLs may hold it: set by SQL, not by ingest. */
function storedWithJunk(columns: Record<string, string>): Paper {
  const db = memoryDb();
  storePapers(db, [paper('2509.04664', { title: 'Junk in the store' })]);
  const sets = Object.keys(columns)
    .map((c) => `${c} = @${c}`)
    .join(', ');
  db.prepare(`UPDATE papers SET ${sets} WHERE id = '2509.04664'`).run(columns);
  const stored = createPaperStore(db).get('2509.04664');
  db.close();
  if (!stored) throw new Error('the paper was not stored');
  return stored;
}

const renderAll = (p: Paper) => [
  paperCard(p),
  renderPost({ kind: 'paper', day: '2025-09-10', papers: [p], mentionRoleId: null, votes: () => 0 }),
  renderPost({ kind: 'digest', day: '2025-09-10', papers: [p, p], mentionRoleId: null, votes: () => 0 }),
  compactEmbed(p, 1),
];

describe('rendering a paper with junk in its stored fields never throws', () => {
  it.each([
    ['published_at', 'junk'],
    ['published_at', ''],
    ['thumbnail', 'junk'],
    ['thumbnail', 'javascript:alert(1)'],
    ['thumbnail', 'ftp://cdn.example.org/x.png'],
    ['github_repo', 'javascript:alert(1)'],
    ['github_repo', 'https://'],
    ['project_page', 'junk'],
  ])('%s = %j', (column, value) => {
    const p = storedWithJunk({ [column]: value });
    expect(() => renderAll(p)).not.toThrow();
  });

  it('leaves out an invalid timestamp and thumbnail, and keeps the rest of the card', () => {
    const p = storedWithJunk({ published_at: 'junk', thumbnail: 'javascript:alert(1)' });
    const card = paperCard(p);
    const embed = card.embeds[0];
    expect(embed?.title).toBe('Junk in the store');
    expect(embed?.timestamp).toBeUndefined();
    expect(embed?.thumbnail).toBeUndefined();
    const post = renderPost({ kind: 'paper', day: '2025-09-10', papers: [p], mentionRoleId: null, votes: () => 2 });
    expect(post.embeds?.[0]?.timestamp).toBeUndefined();
    expect(post.embeds?.[0]?.thumbnail).toBeUndefined();
  });

  it('keeps a valid timestamp and an https thumbnail', () => {
    const p = paper('2509.04664', {
      publishedAt: '2025-09-04T21:26:31.000Z',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2509.04664.png',
    });
    const embed = paperCard(p).embeds[0];
    expect(embed?.timestamp).toBe('2025-09-04T21:26:31.000Z');
    expect(embed?.thumbnail?.url).toBe(p.thumbnail);
  });
});

const EVIL = '[click](https://evil.example)';
type Button = { label?: string; url?: string };
const linkButtons = (p: Paper): Button[] => {
  const post = renderPost({ kind: 'paper', day: '2025-09-10', papers: [p], mentionRoleId: null, votes: () => 0 });
  const rows = (post.components ?? []) as Array<{ components?: Button[] }>;
  const fromPost = rows[1]?.components ?? [];
  const fromCard = paperCard(p).components[0]?.components as Button[];
  expect(fromCard).toEqual(fromPost);
  return fromPost;
};

describe('links from papers', () => {
  it.each(['https://evil.example/x', 'javascript:alert(1)', 'http://github.com.evil.example/x'])(
    'a githubRepo of %j gets no Code button and no Code link',
    (githubRepo) => {
      const p = paper('2509.04664', { githubRepo });
      expect(linkButtons(p).map((b) => b.label)).toEqual(['arXiv', 'PDF']);
      expect(compactEmbed(p, 1).description).not.toContain('[Code]');
    },
  );

  it('a github.com repo still gets its Code button and link', () => {
    const p = paper('2509.04664', { githubRepo: 'https://github.com/example/repo' });
    expect(linkButtons(p)).toContainEqual(
      expect.objectContaining({ label: 'Code', url: 'https://github.com/example/repo' }),
    );
    expect(compactEmbed(p, 1).description).toContain('[Code](https://github.com/example/repo)');
  });

  it('a masked link in an AI summary, abstract or author name is shown as text, and our own links still work', () => {
    for (const p of [
      paper('2509.04664', { aiSummary: `Great paper. ${EVIL}` }),
      paper('2509.04664', { abstract: `We study things. ${EVIL}` }),
    ]) {
      const card = paperCard(p).embeds[0];
      expect(hasMaskedLink(card?.description ?? '')).toBe(false);
      expect(card?.description).toContain('click');
      const compact = compactEmbed(p, 1).description ?? '';
      expect(compact).toContain('[arXiv](https://arxiv.org/abs/2509.04664)');
      expect(hasMaskedLink(compact.replace(/ · \[arXiv\].*$/, ''))).toBe(false);
    }
    const authors = paperCard(paper('2509.04664', { authors: [EVIL] })).embeds[0]?.fields?.[0]?.value ?? '';
    expect(hasMaskedLink(authors)).toBe(false);
  });
});
