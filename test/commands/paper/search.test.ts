import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/open.ts';
import { embedChars } from '../../../src/discord/fit-embeds.ts';
import { UserError } from '../../../src/discord/user-error.ts';
import { createPaperStore } from '../../../src/papers/paper-store.ts';
import { searchPage, searchRequest } from '../../../commands/paper/search.ts';
import { createSearch } from '../../../src/search/search-engine.ts';
import { createSearchSessions } from '../../../src/discord/search-sessions.ts';
import { createVoteStore } from '../../../src/votes/vote-store.ts';
import { listedOn, paper } from '../../support/papers.ts';

function world() {
  const db = openDatabase(':memory:');
  const words = [
    'diffusion',
    'transformer',
    'language',
    'model',
    'reinforcement',
    'learning',
    'graph',
    'vision',
    'survey',
    'agents',
  ];
  createPaperStore(db).save(
    Array.from({ length: 60 }, (_, i) =>
      listedOn(
        '2025-09-08',
        paper(`2509.${String(10000 + i)}`, {
          title: `${words[i % 10]} ${words[(i * 3) % 10]} for ${words[(i * 7) % 10]} number ${i}`,
          abstract: `We study ${words[(i + 1) % 10]} and ${words[(i + 4) % 10]}. Results are good.`,
          authors: [`Author ${i % 7}`, 'Ada Lovelace'],
          publishedAt: `2025-0${1 + (i % 9)}-1${i % 10}T00:00:00Z`,
        }),
      ),
    ),
  );
  const votes = createVoteStore(db);
  const engine = createSearch(db);
  const ctx = {
    votes,
    search: {
      run: (_g: string, r: Parameters<typeof engine.search>[0]) => engine.search(r),
      sessions: createSearchSessions(),
      sync: engine.sync,
    },
  };
  return { db, ctx };
}

// A small deterministic PRNG, so the fuzz corpus is the same on every run.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'diffusion',
  'model',
  'transf',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'NEAR(a b, 3)',
  '*',
  '^',
  '"',
  '""',
  '(',
  ')',
  '{title}:',
  'title:',
  'abstract:',
  'author:',
  'author:"Ada',
  '-',
  '-survey',
  '--',
  '+',
  ':',
  "'",
  '\\',
  '%',
  '_',
  '🔥',
  '🧠‍🔬',
  '\u0000',
  '\u0007',
  '\u202e',
  'é',
  'naïve',
  '中文',
  'العربية',
  '\t',
  '\n',
  '@everyone',
  '<@&123456789012345678>',
  '`',
  '||',
  '[x](y)',
  '  ',
  '9999',
  '2025-13-40',
];

describe('/paper search as a handler', () => {
  it('answers 10,000 generated queries with a page or a clear note, never an error', () => {
    const { ctx } = world();
    const rand = prng(42);
    const queries: string[] = ['', ' ', 'x'.repeat(6000), '"'.repeat(500), '('.repeat(300), 'NEAR('.repeat(200)];
    while (queries.length < 10_000) {
      const n = 1 + Math.floor(rand() * 8);
      queries.push(
        Array.from({ length: n }, () => PIECES[Math.floor(rand() * PIECES.length)]).join(rand() < 0.7 ? ' ' : ''),
      );
    }
    const SORTS = ['relevance', 'newest', 'votes'] as const;
    let pages = 0;
    for (const [i, q] of queries.entries()) {
      const request = searchRequest({
        query: q,
        author: i % 13 === 0 ? q.slice(0, 20) : undefined,
        from: i % 17 === 0 ? '2025-02-30' : undefined,
        sort: SORTS[i % 3],
      });
      try {
        const reply = searchPage(ctx, '300000000000000001', '111111111111111111', request);
        pages++;
        expect(reply.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(6000);
        expect(reply.embeds[0]?.title?.length ?? 0).toBeLessThanOrEqual(256);
      } catch (err) {
        if (!(err instanceof UserError))
          throw new Error(`query ${JSON.stringify(q.slice(0, 80))} threw ${String(err)}`);
        expect(err.message.length).toBeGreaterThan(10);
      }
    }
    expect(pages).toBeGreaterThan(500); // the corpus does find things: the fuzz reaches rendering, not only the notes
  });

  it('pages by session token and says what to loosen when nothing matches', () => {
    const { ctx } = world();
    const first = searchPage(ctx, 'u', 'g', searchRequest({ query: 'diffusion' }));
    expect(first.embeds[0]?.footer?.text).toMatch(/^Page 1 of \d+/);
    const next = first.components[0]?.components[1] as { custom_id: string; disabled: boolean };
    expect(next.custom_id).toMatch(/^paper:page:[0-9a-f]{12}:2$/);
    expect(next.disabled).toBe(false);
    expect(() => searchPage(ctx, 'u', 'g', searchRequest({ query: 'diffusion zzzzqqq' }))).toThrow(
      /No stored paper matches\. Try to leave out "zzzzqqq"/,
    );
    expect(() => searchPage(ctx, 'u', 'g', searchRequest({ query: '-survey' }))).toThrow(/nothing to search for/);
    expect(() => searchPage(ctx, 'u', 'g', searchRequest({ query: 'model', from: '2025-13-01' }))).toThrow(
      /Dates are written YYYY-MM-DD/,
    );
  });
});

describe('loosening hints', () => {
  it('quote a phrase once', async () => {
    const { searchProblem } = await import('../../../src/discord/search-layout.ts');
    const text = searchProblem({
      status: 'no-results',
      results: [],
      totalIsEstimate: false,
      page: 1,
      pageSize: 5,
      exact: true,
      suggestions: [{ kind: 'drop-term', term: '"unbalanced and"' }],
    });
    expect(text).toBe('No stored paper matches. Try to leave out "unbalanced and".');
  });
});
