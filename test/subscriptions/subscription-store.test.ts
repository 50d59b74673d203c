import { describe, expect, it } from 'vitest';
import { createSubscriptionStore } from '../../src/subscriptions/subscription-store.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../src/subscriptions/subscription.ts';
import { memoryDb } from '../support/papers.ts';

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';

describe('subscription store: rank', () => {
  it('stores hf-upvotes by default and server-taste when asked, and an update replaces it', () => {
    const db = memoryDb();
    const store = createSubscriptionStore(db);
    expect(store.save(CHANNEL, GUILD, SUBSCRIPTION_DEFAULTS, null).rank).toBe('hf-upvotes');
    expect(store.save(CHANNEL, GUILD, { ...SUBSCRIPTION_DEFAULTS, rank: 'server-taste' }, null).rank).toBe(
      'server-taste',
    );
    expect(store.get(CHANNEL)?.rank).toBe('server-taste');
    expect(store.listEnabled().map((s) => s.rank)).toEqual(['server-taste']);
    expect(store.save(CHANNEL, GUILD, { ...SUBSCRIPTION_DEFAULTS, top: 3 }, null)).toMatchObject({
      rank: 'hf-upvotes',
      top: 3,
    });
    db.close();
  });

  it('the database refuses a rank it does not know', () => {
    const db = memoryDb();
    const store = createSubscriptionStore(db);
    const bad = { ...SUBSCRIPTION_DEFAULTS, rank: 'votes' as unknown as 'hf-upvotes' };
    expect(() => store.save(CHANNEL, GUILD, bad, null)).toThrow(/CHECK constraint/);
    expect(store.get(CHANNEL)).toBeNull();
    db.close();
  });
});
