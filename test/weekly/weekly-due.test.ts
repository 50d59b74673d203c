import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/schedule/iso-week.ts';
import { weeklyDue, weeklyStartingLastWeek } from '../../src/weekly/weekly-due.ts';

describe('ISO weeks', () => {
  it.each([
    ['2026-03-02', '2026-W10'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2024-12-30', '2025-W01'],
    ['2027-01-01', '2026-W53'],
  ])('%s is in %s', (day, week) => expect(isoWeek(day)).toBe(week));
});

describe('when the weekly digest is due', () => {
  const friday5pm = { weekday: 5, minutes: 17 * 60, timezone: 'Europe/Berlin', lastWeek: null };
  it('on its day after its local time, once a week, and later that week if missed', () => {
    expect(weeklyDue(friday5pm, new Date('2026-03-06T15:59:00Z'))).toBeNull(); // 16:59 in Berlin
    expect(weeklyDue(friday5pm, new Date('2026-03-06T16:00:00Z'))).toBe('2026-W10');
    expect(weeklyDue({ ...friday5pm, lastWeek: '2026-W10' }, new Date('2026-03-07T10:00:00Z'))).toBeNull();
    // Missed Friday: Sunday still counts.
    expect(weeklyDue(friday5pm, new Date('2026-03-08T10:00:00Z'))).toBe('2026-W10');
    expect(weeklyDue(friday5pm, new Date('2026-03-09T10:00:00Z'))).toBeNull(); // a new week, before Friday
  });

  it('set up after this week’s time, the first digest is next week’s', () => {
    expect(weeklyStartingLastWeek(friday5pm, new Date('2026-03-07T10:00:00Z'))).toBe('2026-W10');
    expect(weeklyStartingLastWeek(friday5pm, new Date('2026-03-04T10:00:00Z'))).toBeNull();
  });
});
