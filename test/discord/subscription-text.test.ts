import { describe, expect, it } from 'vitest';
import { describeSettings, describeSubscription } from '../../src/discord/subscription-text.ts';
import { SUBSCRIPTION_DEFAULTS, type Subscription } from '../../src/subscriptions/subscription.ts';

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  ...SUBSCRIPTION_DEFAULTS,
  channelId: '222222222222222222',
  guildId: '111111111111111111',
  enabled: true,
  disabledReason: null,
  lastRunDay: null,
  lastDeliveryAt: null,
  lastError: null,
  ...over,
});
const now = new Date('2026-03-02T08:00:00Z');
const FALLBACK = '↪ ranked by HF upvotes for now';

describe('subscription text: rank', () => {
  it('names the rank among the settings', () => {
    expect(describeSettings(SUBSCRIPTION_DEFAULTS)).toBe(
      'daily at 09:00 UTC · top 10 · per-paper · threads off · rank hf-upvotes',
    );
    expect(describeSettings({ ...SUBSCRIPTION_DEFAULTS, rank: 'server-taste' })).toContain('rank server-taste');
  });

  it('notes the fallback to HF upvotes while the server has too few upvotes, and only then', () => {
    const tasteful = sub({ rank: 'server-taste' });
    const [, , note] = describeSubscription(tasteful, now, { have: 3, need: 10 }).split('\n');
    expect(note).toBe(`  ${FALLBACK}: server-taste needs 10 upvotes here on recent Daily Papers (3 so far)`);
    expect(describeSubscription(tasteful, now, null)).not.toContain(FALLBACK);
    expect(describeSubscription(sub(), now, { have: 3, need: 10 })).not.toContain(FALLBACK);
  });
});
