import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatClock,
  isValidTimeZone,
  localTime,
  parseClock,
  zonedInstant,
} from '../../src/schedule/zoned-time.ts';

describe('zoned time', () => {
  it('reads the local day and minutes in a zone', () => {
    expect(localTime(new Date('2026-11-27T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      day: '2026-11-28',
      minutes: 8 * 60 + 30,
    });
    expect(localTime(new Date('2026-11-27T23:30:00Z'), 'America/Los_Angeles')).toEqual({
      day: '2026-11-27',
      minutes: 15 * 60 + 30,
    });
    expect(localTime(new Date('2026-11-27T23:30:00Z'), 'UTC')).toEqual({ day: '2026-11-27', minutes: 23 * 60 + 30 });
  });

  it.each([
    ['2026-07-01', 540, 'Europe/Berlin', '2026-07-01T07:00:00.000Z'],
    ['2026-01-01', 540, 'Europe/Berlin', '2026-01-01T08:00:00.000Z'],
    ['2026-01-01', 540, 'Asia/Kolkata', '2026-01-01T03:30:00.000Z'],
    ['2026-01-01', 0, 'Pacific/Auckland', '2025-12-31T11:00:00.000Z'],
    // Spring forward: 02:30 does not exist; it resolves to just after the gap.
    ['2026-03-08', 150, 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['2026-03-29', 150, 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    // Fall back: 01:30 happens twice; the first one counts.
    ['2026-11-01', 90, 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['2026-10-25', 150, 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
  ])('%s %i in %s is %s', (day, minutes, zone, iso) => {
    expect(zonedInstant(day, minutes, zone).toISOString()).toBe(iso);
  });

  it('validates zones and clocks', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(parseClock('09:00')).toBe(540);
    expect(parseClock('9:05')).toBe(545);
    expect(parseClock('23:59')).toBe(1439);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('12:60')).toBeNull();
    expect(parseClock('noon')).toBeNull();
    expect(formatClock(545)).toBe('09:05');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
