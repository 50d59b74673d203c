import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/discord/user-error.ts';
import { readSubscribeOptions } from '../../../commands/papers/subscribe-options.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../../src/subscriptions/subscription.ts';

describe('/papers subscribe options', () => {
  it('defaults: 09:00 UTC, top 10, per-paper, threads off, no filters, no mention', () => {
    expect(readSubscribeOptions({})).toEqual(SUBSCRIPTION_DEFAULTS);
    expect(SUBSCRIPTION_DEFAULTS).toMatchObject({
      minutes: 540,
      timezone: 'UTC',
      top: 10,
      minUpvotes: 0,
      format: 'per-paper',
      threads: false,
      mentionRoleId: null,
      rank: 'hf-upvotes',
    });
  });

  it('reads every option', () => {
    expect(
      readSubscribeOptions({
        time: '18:30',
        timezone: 'Asia/Tokyo',
        top: 5,
        minUpvotes: 3,
        include: 'diffusion, RL',
        exclude: 'survey',
        format: 'digest',
        threads: 'on',
        mentionRoleId: '1',
        rank: 'server-taste',
      }),
    ).toEqual({
      minutes: 1110,
      timezone: 'Asia/Tokyo',
      top: 5,
      minUpvotes: 3,
      include: ['diffusion', 'rl'],
      exclude: ['survey'],
      format: 'digest',
      threads: true,
      mentionRoleId: '1',
      rank: 'server-taste',
    });
  });

  it('keeps what an update does not mention', () => {
    const base = { ...SUBSCRIPTION_DEFAULTS, timezone: 'Europe/Berlin', top: 3 };
    expect(readSubscribeOptions({ time: '07:00' }, base)).toMatchObject({
      minutes: 420,
      timezone: 'Europe/Berlin',
      top: 3,
    });
    const tasteful = { ...base, rank: 'server-taste' as const };
    expect(readSubscribeOptions({ top: 5 }, tasteful).rank).toBe('server-taste');
    expect(readSubscribeOptions({ rank: 'hf-upvotes' }, tasteful)).toEqual({ ...tasteful, rank: 'hf-upvotes' });
  });

  it('reports every problem at once, saying what to fix', () => {
    let err: unknown;
    try {
      readSubscribeOptions({ time: '25:00', timezone: 'Europe/Atlantis', top: 99, rank: 'votes' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const text = (err as Error).message;
    expect(text).toContain('Nothing was changed');
    expect(text).toContain('`time` must be a 24-hour time like 09:00');
    expect(text).toContain('`timezone` must be a time zone name like Europe/Berlin');
    expect(text).toContain('`top` must be a whole number from 1 to 30');
    expect(text).toContain('`rank` must be hf-upvotes or server-taste');
  });
});
