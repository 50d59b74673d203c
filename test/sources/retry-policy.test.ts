import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryableStatus, rateLimitWaitMs, retryAfterMs } from '../../src/sources/retry-policy.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2025-09-10T12:00:00.000Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('1', now)).toBe(1_000);
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs(' 7 ', now)).toBe(7_000);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(retryAfterMs('Wed, 10 Sep 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 10 Sep 2025 12:05:00 GMT', now)).toBe(300_000);
  });

  it('treats an HTTP date in the past as "now"', () => {
    expect(retryAfterMs('Wed, 10 Sep 2025 11:59:00 GMT', now)).toBe(0);
  });

  it('returns null when absent or unreadable', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('10s', now)).toBeNull();
  });

  it('does not read a negative number of seconds as a date (it is unreadable, not "retry now")', () => {
    // Date.parse('-5') is a date in 2001 in V8, which used to make this 0.
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs('-1', now)).toBeNull();
  });
});

describe('rateLimitWaitMs', () => {
  it('waits t seconds when the quota is spent (r=0)', () => {
    expect(rateLimitWaitMs('"api";r=0;t=1')).toBe(1_000);
    expect(rateLimitWaitMs('"api";r=0;t=217')).toBe(217_000);
  });

  it('accepts spaces after the separators', () => {
    expect(rateLimitWaitMs('"api"; r=0; t=30')).toBe(30_000);
  });

  it('does not wait while requests remain', () => {
    expect(rateLimitWaitMs('"api";r=12;t=30')).toBeNull();
  });

  it('returns null when absent or incomplete', () => {
    expect(rateLimitWaitMs(null)).toBeNull();
    expect(rateLimitWaitMs('')).toBeNull();
    expect(rateLimitWaitMs('"api";r=0')).toBeNull();
    expect(rateLimitWaitMs('"api";t=30')).toBeNull();
    expect(rateLimitWaitMs('garbage')).toBeNull();
  });
});

describe('backoffMs', () => {
  const base = 1_000;
  const max = 60_000;

  it('waits exactly the base delay before the first retry, whatever the random draw', () => {
    expect(backoffMs(0, base, max, () => 0)).toBe(base);
    expect(backoffMs(0, base, max, () => 0.99)).toBe(base);
  });

  it('spreads later waits between base and base * 2^attempt', () => {
    expect(backoffMs(3, base, max, () => 0)).toBe(base);
    expect(backoffMs(3, base, max, () => 0.5)).toBe(4_500); // 1000 + (8000 - 1000) * 0.5
    expect(backoffMs(3, base, max, () => 1)).toBe(8_000);
  });

  it('never exceeds the cap', () => {
    expect(backoffMs(20, base, max, () => 1)).toBe(max);
    expect(backoffMs(6, base, max, () => 0.999)).toBeLessThanOrEqual(max);
  });

  it('stays within [base, min(max, base * 2^attempt)] for any draw, as whole milliseconds', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      for (let i = 0; i <= 20; i++) {
        const r = i / 20 === 1 ? 0.999999 : i / 20;
        const ms = backoffMs(attempt, 250, 10_000, () => r);
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThanOrEqual(Math.min(10_000, 250 * 2 ** attempt));
        expect(Number.isInteger(ms)).toBe(true);
      }
    }
  });

  it('grows with the attempt for the same draw', () => {
    const waits = [0, 1, 2, 3, 4].map((a) => backoffMs(a, base, max, () => 0.5));
    expect(waits).toEqual([1_000, 1_500, 2_500, 4_500, 8_500]);
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(isRetryableStatus(s), String(s)).toBe(true);
  });
  it('does not retry other client errors', () => {
    for (const s of [400, 401, 403, 404, 410, 422]) expect(isRetryableStatus(s), String(s)).toBe(false);
  });
});
