import { describe, expect, it } from 'vitest';
import { fold, parseTerms, passesTerms } from '../../src/delivery/paper-filter.ts';
import { DIGEST_SIZE, planPosts } from '../../src/delivery/plan-posts.ts';
import { selectPapers } from '../../src/delivery/select-papers.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../src/subscriptions/subscription.ts';
import { paper } from '../support/papers.ts';

describe('include and exclude', () => {
  it('parses comma-separated terms, folded and unique', () => {
    expect(parseTerms(' Diffusion, reinforcement  Learning;diffusion,, ')).toEqual([
      'diffusion',
      'reinforcement learning',
    ]);
    expect(parseTerms('')).toEqual([]);
    expect(parseTerms('a,'.repeat(50))).toHaveLength(1);
    expect(fold('Éclair—RL-based')).toBe('eclair rl based');
  });

  it('matches whole words and phrases over title, keywords, AI summary and abstract', () => {
    const p = paper('2509.1', {
      title: 'Scaling Diffusion Transformers',
      aiKeywords: ['image synthesis'],
      aiSummary: 'Uses Reinforcement-Learning from feedback.',
      abstract: 'A survey of nothing in particular.',
    });
    expect(passesTerms(p, ['diffusion'], [])).toBe(true);
    expect(passesTerms(p, ['diffus'], [])).toBe(false);
    expect(passesTerms(p, ['image synthesis'], [])).toBe(true);
    expect(passesTerms(p, ['reinforcement learning'], [])).toBe(true);
    expect(passesTerms(p, ['rl'], [])).toBe(false);
    expect(passesTerms(p, ['robotics', 'transformers'], [])).toBe(true);
    expect(passesTerms(p, ['diffusion'], ['survey'])).toBe(false);
    expect(passesTerms(p, [], ['surveys'])).toBe(true);
    expect(passesTerms(paper('x', { authors: ['Diffusion Smith'] }), ['diffusion'], [])).toBe(false);
  });
});

describe('selecting a day for a subscription', () => {
  const day = [
    paper('a', { hfUpvotes: 5 }),
    paper('b', { hfUpvotes: 50 }),
    paper('c', { hfUpvotes: 20, title: 'A survey' }),
    paper('d', { hfUpvotes: 1 }),
  ];

  it('takes the best first, within top, minimum and filters', () => {
    const pick = (over: Partial<typeof SUBSCRIPTION_DEFAULTS>, deliveredToday = 0, delivered: string[] = []) =>
      selectPapers(
        day,
        { ...SUBSCRIPTION_DEFAULTS, ...over },
        { isDelivered: (id) => delivered.includes(id), deliveredToday },
      ).map((p) => p.id);
    expect(pick({ top: 2 })).toEqual(['b', 'c']);
    expect(pick({ minUpvotes: 5 })).toEqual(['b', 'c', 'a']);
    expect(pick({ exclude: ['survey'] })).toEqual(['b', 'a', 'd']);
    // Late arrivals: what was delivered is skipped, and the day's top counts what went out before.
    expect(pick({ top: 3 }, 2, ['b', 'c'])).toEqual(['a']);
    expect(pick({ top: 2 }, 2, ['b', 'c'])).toEqual([]);
  });

  describe('rank:server-taste', () => {
    // Model percentiles d 1, a 2/3, c 1/3, b 0; HF percentiles b 1, c 2/3, a 1/3, d 0. Blends (0.7 model + 0.3 HF):
    // d 0.7, a 0.567, c 0.433, b 0.3: the reverse of the HF order.
    const modelScores: Record<string, number> = { a: 2, b: 0, c: 1, d: 3 };
    const taste = { score: (id: string) => modelScores[id]! };
    const pick = (over: Partial<typeof SUBSCRIPTION_DEFAULTS>, deliveredToday = 0, delivered: string[] = []) =>
      selectPapers(
        day,
        { ...SUBSCRIPTION_DEFAULTS, ...over },
        { isDelivered: (id) => delivered.includes(id), deliveredToday, taste },
      ).map((p) => p.id);

    it('orders the day by the blend and takes the top N of that order', () => {
      expect(pick({})).toEqual(['d', 'a', 'c', 'b']);
      expect(pick({ top: 2 })).toEqual(['d', 'a']);
    });

    it('blends over the whole day, then applies the filters and what was delivered', () => {
      expect(pick({ exclude: ['survey'] })).toEqual(['d', 'a', 'b']);
      expect(pick({ minUpvotes: 5 })).toEqual(['a', 'c', 'b']);
      expect(pick({ top: 3 }, 2, ['d', 'a'])).toEqual(['c']);
    });

    it('a model that tells the papers apart by nothing leaves the HF order; no model is the HF order', () => {
      const flat = { score: () => 0.5 };
      const ids = (t: typeof taste | null) =>
        selectPapers(day, SUBSCRIPTION_DEFAULTS, { isDelivered: () => false, deliveredToday: 0, taste: t }).map(
          (p) => p.id,
        );
      expect(ids(flat)).toEqual(['b', 'c', 'a', 'd']);
      expect(ids(null)).toEqual(['b', 'c', 'a', 'd']);
    });
  });
});

describe('planning messages', () => {
  const papers = Array.from({ length: 12 }, (_, i) => paper(`2509.${1000 + i}`));

  it('per-paper: one message each, the role on the first of the day only', () => {
    const posts = planPosts(
      { format: 'per-paper', threads: true, mentionRoleId: '123456789012345678' },
      papers.slice(0, 3),
      true,
    );
    expect(posts.map((p) => p.paperIds)).toEqual([['2509.1000'], ['2509.1001'], ['2509.1002']]);
    expect(posts.map((p) => p.mentionRoleId)).toEqual(['123456789012345678', null, null]);
    expect(posts.every((p) => p.wantThread && p.kind === 'paper')).toBe(true);
    expect(
      planPosts({ format: 'per-paper', threads: false, mentionRoleId: '1' }, papers.slice(0, 2), false).map(
        (p) => p.mentionRoleId,
      ),
    ).toEqual([null, null]);
  });

  it('keeps the order it is given, in both formats', () => {
    const order = [papers[2]!, papers[0]!, papers[1]!];
    const ids = ['2509.1002', '2509.1000', '2509.1001'];
    expect(planPosts({ format: 'digest', threads: false, mentionRoleId: null }, order, true)[0]?.paperIds).toEqual(ids);
    expect(
      planPosts({ format: 'per-paper', threads: false, mentionRoleId: null }, order, true).flatMap((p) => p.paperIds),
    ).toEqual(ids);
  });

  it('digest: up to ten papers a message', () => {
    const posts = planPosts({ format: 'digest', threads: true, mentionRoleId: '9' }, papers, true);
    expect(posts.map((p) => p.paperIds.length)).toEqual([DIGEST_SIZE, 2]);
    expect(posts.map((p) => p.mentionRoleId)).toEqual(['9', null]);
    expect(posts.every((p) => p.kind === 'digest' && !p.wantThread)).toBe(true);
  });
});
