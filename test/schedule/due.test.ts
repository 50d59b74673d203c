import { describe, expect, it } from 'vitest';
import { isDue, nextRun, runDay, startingLastRunDay } from '../../src/schedule/due.ts';

const at = (iso: string) => new Date(iso);
const sub = (minutes: number, timezone: string, lastRunDay: string | null = null) => ({
  minutes,
  timezone,
  lastRunDay,
});

describe('when a subscription runs', () => {
  it('is due once its local time has passed and today has not run', () => {
    const s = sub(540, 'Europe/Berlin');
    expect(isDue(s, at('2026-07-01T06:59:00Z'))).toBe(false);
    expect(isDue(s, at('2026-07-01T07:00:00Z'))).toBe(true);
    expect(isDue({ ...s, lastRunDay: '2026-07-01' }, at('2026-07-01T07:01:00Z'))).toBe(false);
    expect(isDue({ ...s, lastRunDay: '2026-06-30' }, at('2026-07-01T07:01:00Z'))).toBe(true);
  });

  it('catches up later the same day after downtime, but never for past days', () => {
    const s = sub(540, 'UTC', '2026-06-28');
    expect(isDue(s, at('2026-07-01T18:00:00Z'))).toBe(true);
    expect(runDay(s, at('2026-07-01T18:00:00Z'))).toBe('2026-07-01');
  });

  it('still runs on the day spring-forward skips its time, once', () => {
    const s = sub(150, 'America/New_York', '2026-03-07');
    // 02:00 -> 03:00 local on 2026-03-08: 02:30 never shows on the clock.
    expect(isDue(s, at('2026-03-08T06:59:00Z'))).toBe(false);
    expect(isDue(s, at('2026-03-08T07:00:00Z'))).toBe(true);
    expect(nextRun(s, at('2026-03-08T06:00:00Z')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('runs once on the day autumn repeats its time', () => {
    const first = at('2026-11-01T05:30:00Z'); // 01:30 EDT
    const second = at('2026-11-01T06:30:00Z'); // 01:30 EST
    const s = sub(90, 'America/New_York', '2026-10-31');
    expect(isDue(s, first)).toBe(true);
    expect(isDue({ ...s, lastRunDay: '2026-11-01' }, second)).toBe(false);
  });

  it('tells the next run', () => {
    const s = sub(540, 'Asia/Tokyo', '2026-11-28');
    expect(nextRun(s, at('2026-11-28T01:00:00Z')).toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(nextRun(sub(540, 'Asia/Tokyo', '2026-11-27'), at('2026-11-27T23:00:00Z')).toISOString()).toBe(
      '2026-11-28T00:00:00.000Z',
    );
  });

  it('a new subscription first runs at its next time, never at once', () => {
    const now = at('2026-07-01T10:00:00Z');
    expect(startingLastRunDay({ minutes: 540, timezone: 'UTC' }, null, now)).toBe('2026-07-01');
    expect(isDue(sub(540, 'UTC', '2026-07-01'), now)).toBe(false);
    expect(startingLastRunDay({ minutes: 720, timezone: 'UTC' }, null, now)).toBeNull();
    // Changing the time of a subscription that already ran today keeps today as run.
    expect(startingLastRunDay({ minutes: 720, timezone: 'UTC' }, '2026-07-01', now)).toBe('2026-07-01');
  });
});
