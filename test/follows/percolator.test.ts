import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { IndexedText } from '../../src/search/analyse.ts';
import {
  compileFollow,
  createPercolator,
  followKey,
  followRejection,
  naiveMatch,
  termStats,
  tokenizePapers,
  type CompiledFollow,
  type TermStats,
} from '../../src/follows/percolator.ts';
import { createSearch } from '../../src/search/search-engine.ts';
import { createTokenizer } from '../../src/search/tokenizer.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

// The percolator must find exactly what `/paper search` finds: each follow is also run as a search over the same
// papers, paging through every result.

function world(papers: Paper[]) {
  const db = memoryDb();
  storePapers(db, papers);
  const engine = createSearch(db, { snippets: false });
  engine.sync();
  const tokenizer = createTokenizer(db);
  const rows = db
    .prepare<[], { id: string } & Record<string, string | null>>(
      'SELECT id, title, ai_keywords, ai_summary, abstract, authors FROM papers ORDER BY pk',
    )
    .all();
  const ids = rows.map((r) => r.id);
  const texts = rows.map((r): IndexedText => [r.title!, r.ai_keywords!, r.ai_summary!, r.abstract!, r.authors!]);
  const tokens = tokenizePapers(tokenizer, texts);
  const stats = statsOf(db);
  const searched = (query: string): string[] => {
    const out: string[] = [];
    for (let page = 1; ; page++) {
      const r = engine.search({ query, page, pageSize: 10 });
      out.push(...r.results.map((h) => h.id));
      if (r.results.length < 10) return out.sort();
    }
  };
  const follows = (queries: readonly string[]): CompiledFollow<string>[] =>
    queries.map((q) => ({ id: q, terms: compileFollow(q, tokenizer) }));
  /** Per query, the paper ids the percolator and the naive check give. */
  const percolate = (queries: readonly string[]) => {
    const fs = follows(queries);
    const byPaper = createPercolator(fs, stats).match(tokens);
    const naive = naiveMatch(fs, tokens);
    const invert = (m: string[][]) => {
      const out = new Map<string, string[]>(queries.map((q) => [q, []]));
      m.forEach((qs, i) => qs.forEach((q) => out.get(q)!.push(ids[i]!)));
      for (const v of out.values()) v.sort();
      return out;
    };
    return { percolated: invert(byPaper), naive: invert(naive) };
  };
  return { db, tokenizer, stats, searched, percolate };
}

function statsOf(db: Database): TermStats {
  const rows = db.prepare<[], number>('SELECT count(*) FROM papers').pluck().get()!;
  return termStats(rows, db.prepare<[], [string, number]>('SELECT term, df FROM search_terms').raw().all());
}

const fixture = [
  paper('2601.00001', {
    title: 'Equivariant networks for rotation',
    abstract: 'We study SO(3) equivariance and rotations of point clouds.',
    authors: ['Taco Cohen', 'Max Welling'],
    aiKeywords: ['equivariance', 'group theory'],
  }),
  paper('2601.00002', {
    title: 'Diffusion models: a survey',
    abstract: 'A survey of denoising diffusion probabilistic models.',
    authors: ['Jonathan Ho'],
    aiSummary: 'Surveys diffusion.',
  }),
  paper('2601.00003', {
    title: 'Latent diffusion for images',
    abstract: 'High-resolution image synthesis with latent diffusion models; state-of-the-art results.',
    authors: ['Robin Rombach', 'Björn Ommer'],
  }),
  paper('2601.00004', {
    title: 'Naïve Bayes for Schrödinger equations',
    abstract: 'The naive approach: Bayes-optimal. Schrödinger’s cat, naïvely. Café über Straße.',
    authors: ['Zoë Saldaña', 'Ünal Çelik'],
  }),
  paper('2601.00005', {
    title: 'Learning to learn',
    abstract: "Learners' learning, learned; re-learning. Cohen's rotation trick.",
    aiKeywords: ['meta learning'],
    authors: ['Chelsea Finn'],
  }),
  paper('2601.00006', {
    title: 'Graph neural networks',
    abstract: 'Graphs and graphene are not the same. Max pooling of diffusions.',
    authors: ['Thomas Kipf', 'Max Welling'],
  }),
];

const queries = [
  'diffusion',
  '"diffusion"',
  'diffusion -survey',
  'latent diffusion',
  '"latent diffusion"',
  '"diffusion latent"',
  'equivariant',
  '"equivariant" rotation',
  'rotations',
  'author:"Taco Cohen"',
  'author:cohen',
  'cohen',
  'cohen -author:cohen',
  'author:"Max Welling" -graph',
  'author:welling "graph"',
  'author:"Welling Max"',
  'author:"Cohen Max"',
  'naive',
  '"naive"',
  'schrodinger',
  '"Schrödinger"',
  'cafe uber strasse',
  '"cafe"',
  'zoe author:saldana',
  'author:celik',
  'learn',
  '"learning"',
  '"learned"',
  'state-of-the-art',
  '"state of the art"',
  'graph',
  '"graph"',
  '"graphs"',
  'max -"max pooling"',
  '"max pooling"',
  'networks -"graph neural"',
  'so 3',
  '"so(3)"',
  'models -diffusion',
  'rombach',
  'bjorn',
  'nothingmatches',
  'diffusion nothingmatches',
  '-diffusion',
  '',
  '"survey" -surveys',
];

describe('percolator', () => {
  const w = world(fixture);

  it('finds exactly what a search over the same papers finds', () => {
    const { percolated, naive } = w.percolate(queries);
    const found = new Map(queries.map((q) => [q, w.searched(q)]));
    expect(Object.fromEntries(percolated)).toEqual(Object.fromEntries(found));
    expect(Object.fromEntries(naive)).toEqual(Object.fromEntries(found));
    // The fixture exercises something: most queries match, some match nothing.
    expect([...found.values()].filter((v) => v.length > 0).length).toBeGreaterThan(30);
  });

  it('keys a follow by its rarest required token, or by its author', () => {
    const key = (q: string) => followKey(compileFollow(q, w.tokenizer), w.stats);
    // The last word is also a prefix, as in a search.
    expect(key('"diffusion" rombach')).toMatchObject({ token: 'rombach', prefix: true, author: false });
    expect(key('rombach "diffusion"')).toMatchObject({ token: 'rombach', prefix: false, author: false });
    // Porter stems "Welling" to "well".
    expect(key('"graph neural" author:"Max Welling"')).toMatchObject({ token: 'well', author: true });
    expect(key('"max" graphen')).toMatchObject({ token: 'graphen', prefix: true });
    expect(key('-diffusion')).toBeNull();
  });

  it('refuses a follow that can match nothing', () => {
    const reject = (q: string) => followRejection(compileFollow(q, w.tokenizer), w.stats)?.kind ?? null;
    expect(reject('')).toBe('matches-nothing');
    expect(reject('-diffusion -survey')).toBe('matches-nothing');
    expect(reject('!!! ---')).toBe('matches-nothing');
    expect(reject('"latent diffusion" -diffusion')).toBe('matches-nothing');
    expect(reject('"diffusion" -"diffusion"')).toBe('matches-nothing');
    expect(reject('author:cohen -cohen')).toBe('matches-nothing');
    // An author-only exclusion leaves the word free elsewhere; a prefix may match longer words.
    expect(reject('"cohen" -author:cohen')).toBeNull();
    expect(reject('-diffusion diffusion')).toBeNull();
    expect(reject('diffusion -survey')).toBeNull();
  });

  it('refuses a follow that would match almost everything: no author, no term under the common threshold', () => {
    // The search engine's threshold: max(2,000, 1%) of the papers.
    const stats: TermStats = {
      rows: 1_000_000,
      df: (t) => ({ model: 400_000, learn: 300_000, diffus: 15_000, equivari: 900 })[t] ?? 0,
      prefixDf: (p) => ({ model: 420_000, learn: 310_000, diffus: 15_500, equivari: 950 })[p] ?? 0,
    };
    const reject = (q: string) => followRejection(compileFollow(q, w.tokenizer), stats)?.kind ?? null;
    expect(reject('models learning')).toBe('matches-almost-everything');
    expect(reject('"models learning"')).toBe('matches-almost-everything');
    expect(reject('"diffusion"')).toBe('matches-almost-everything');
    expect(reject('"diffusion" -models')).toBe('matches-almost-everything');
    expect(reject('models equivariant')).toBeNull();
    expect(reject('"models" author:"Taco Cohen"')).toBeNull();
    expect(reject('"diffusion"')).toBe('matches-almost-everything');
    // A search engine configured with another threshold passes it on.
    expect(followRejection(compileFollow('"diffusion"', w.tokenizer), stats, () => 20_000)).toBeNull();
  });
});

describe('percolator on random small inputs', () => {
  const vocab = ['alpha', 'alphas', 'beta', 'betting', 'gamma', 'délta', 'delta', 'eps', 'zeta', 'ann', 'bob'];
  const text = fc.array(fc.constantFrom(...vocab), { minLength: 0, maxLength: 8 }).map((ws) => ws.join(' '));
  const paperArb = fc.record({ title: text, abstract: text, authors: fc.array(text, { maxLength: 3 }) });
  const term = fc
    .tuple(
      fc.constantFrom('', '-', 'author:', '-author:'),
      fc.array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
    )
    .map(([head, ws, quoted]) => head + (quoted || ws.length > 1 ? `"${ws.join(' ')}"` : ws[0]!));
  const query = fc.array(term, { minLength: 1, maxLength: 4 }).map((ts) => ts.join(' '));

  it('gives what every follow checked against every paper gives, and what a search gives', () => {
    fc.assert(
      fc.property(
        fc.array(paperArb, { minLength: 1, maxLength: 8 }),
        fc.array(query, { minLength: 1, maxLength: 12 }),
        (ps, qs) => {
          const w = world(ps.map((p, i) => paper(`2602.${String(i + 1).padStart(5, '0')}`, p)));
          const distinct = [...new Set(qs)];
          const { percolated, naive } = w.percolate(distinct);
          expect(percolated).toEqual(naive);
          for (const q of distinct) expect(percolated.get(q)).toEqual(w.searched(q));
          w.db.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
