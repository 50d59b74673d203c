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

  it('digest: up to ten papers a message', () => {
    const posts = planPosts({ format: 'digest', threads: true, mentionRoleId: '9' }, papers, true);
    expect(posts.map((p) => p.paperIds.length)).toEqual([DIGEST_SIZE, 2]);
    expect(posts.map((p) => p.mentionRoleId)).toEqual(['9', null]);
    expect(posts.every((p) => p.kind === 'digest' && !p.wantThread)).toBe(true);
  });
});
