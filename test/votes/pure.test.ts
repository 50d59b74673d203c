import { describe, expect, it } from 'vitest';
import { HOT_GRAVITY, hotScore } from '../../src/votes/hot-score.ts';
import { isPeriod, periodStart } from '../../src/votes/periods.ts';

describe('hotScore', () => {
  it('follows the documented formula', () => {
    expect(hotScore({ votes: 3, hfUpvotes: 99, ageHours: 7 })).toBeCloseTo((3 + 2) / 9 ** 1.5, 12);
    expect(hotScore({ votes: 0, hfUpvotes: 0, ageHours: 0 })).toBe(0);
    expect(HOT_GRAVITY).toBe(1.5);
  });

  it('rises with votes and HF upvotes, falls with age', () => {
    const base = { votes: 2, hfUpvotes: 10, ageHours: 24 };
    expect(hotScore({ ...base, votes: 3 })).toBeGreaterThan(hotScore(base));
    expect(hotScore({ ...base, hfUpvotes: 11 })).toBeGreaterThan(hotScore(base));
    expect(hotScore({ ...base, ageHours: 25 })).toBeLessThan(hotScore(base));
  });

  it('weighs one server vote like a tenfold rise in HF upvotes', () => {
    expect(hotScore({ votes: 1, hfUpvotes: 9, ageHours: 5 })).toBeCloseTo(
      hotScore({ votes: 0, hfUpvotes: 99, ageHours: 5 }),
      12,
    );
  });

  it('lets a fresh paper with a few votes beat a month-old one with many', () => {
    expect(hotScore({ votes: 2, hfUpvotes: 5, ageHours: 6 })).toBeGreaterThan(
      hotScore({ votes: 20, hfUpvotes: 800, ageHours: 24 * 30 }),
    );
  });

  it('treats negative and non-finite inputs as 0', () => {
    expect(hotScore({ votes: 1, hfUpvotes: -5, ageHours: -10 })).toBe(
      hotScore({ votes: 1, hfUpvotes: 0, ageHours: 0 }),
    );
    expect(hotScore({ votes: Number.NaN, hfUpvotes: Infinity, ageHours: Number.NaN })).toBe(0);
  });
});

describe('periodStart', () => {
  const now = new Date('2025-09-10T12:34:56.789Z');
  it('starts today at UTC midnight and the others as rolling windows', () => {
    expect(periodStart('today', now)).toBe('2025-09-10T00:00:00.000Z');
    expect(periodStart('week', now)).toBe('2025-09-03T12:34:56.789Z');
    expect(periodStart('month', now)).toBe('2025-08-11T12:34:56.789Z');
    expect(periodStart('year', now)).toBe('2024-09-10T12:34:56.789Z');
    expect(periodStart('all', now)).toBeNull();
  });

  it('knows its periods', () => {
    expect(isPeriod('week')).toBe(true);
    expect(isPeriod('decade')).toBe(false);
  });
});
