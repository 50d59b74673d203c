import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../src/schedule/iso-week.ts';
import { localTime, zonedInstant } from '../../src/schedule/zoned-time.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------
// An independent oracle: the zone's UTC offset as Intl names it (`GMT+05:30`), and wall time as UTC fields
// of the shifted instant. zoned-time.ts reads the wall clock's fields instead, so the two meet only in the
// runtime's time-zone database.

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC at instant `t`, in ms. */
function offsetAt(t: number, zone: string): number {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, f);
  }
  const name = f.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value;
  if (name === 'GMT') return 0;
  const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`unexpected offset name ${name} in ${zone}`);
  return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3])) * MINUTE + Number(m[4] ?? 0) * 1000);
}

/** The wall clock at `t`, as ms since the epoch of a UTC clock showing the same reading (seconds dropped). */
const wallAt = (t: number, zone: string) => Math.floor((t + offsetAt(t, zone)) / MINUTE) * MINUTE;
const asLocal = (wall: number) => ({ day: new Date(wall).toISOString().slice(0, 10), minutes: (wall % DAY) / MINUTE });

/** Every offset the zone uses within two days of `wall` (sampled hourly; no zone keeps an offset for less). */
function offsetsNear(wall: number, zone: string): number[] {
  const seen = new Set<number>();
  for (let t = wall - 2 * DAY; t <= wall + 2 * DAY; t += HOUR) seen.add(offsetAt(t, zone));
  return [...seen].sort((a, b) => a - b);
}

/** Every instant at which the zone's clock shows `wall`, earliest first: empty in a spring-forward gap. */
function occurrences(wall: number, zone: string): number[] {
  return offsetsNear(wall, zone)
    .map((o) => wall - o)
    .filter((t) => offsetAt(t, zone) === wall - t)
    .sort((a, b) => a - b);
}

/** The first change of offset after `from`, to the minute, within `days`; null when there is none. */
function nextTransition(from: number, zone: string, days: number): number | null {
  const start = offsetAt(from, zone);
  let lo = from;
  let hi = from;
  for (let i = 0; i < days; i++) {
    hi = lo + DAY;
    if (offsetAt(hi, zone) !== start) break;
    lo = hi;
    if (i === days - 1) return null;
  }
  while (hi - lo > MINUTE) {
    const mid = Math.floor((lo + hi) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, zone) === start) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------------------
// Generators

const ZONES = Intl.supportedValuesOf('timeZone');
const zone = fc.constantFrom(...ZONES);
/** Minute-aligned instants over several decades (time-zone rules changed a lot in that span). */
const instant = fc
  .integer({ min: Date.UTC(1995, 0, 1) / MINUTE, max: Date.UTC(2040, 0, 1) / MINUTE })
  .map((m) => m * MINUTE);
/** A wall time in a zone: often within 90 minutes of an offset change (gaps and folds), else anywhere. */
const zonedWall = fc.oneof(
  fc.tuple(zone, instant, fc.integer({ min: -90, max: 90 })).map(([z, from, delta]) => {
    const t = nextTransition(from, z, 400);
    const wall = t === null ? wallAt(from, z) : wallAt(t - MINUTE, z) + MINUTE + delta * MINUTE;
    return { zone: z, wall };
  }),
  fc.tuple(zone, instant).map(([z, t]) => ({ zone: z, wall: wallAt(t, z) })),
);

describe('zoned time properties', () => {
  it('reads the same local day and minutes as Intl does, for any zone and instant', () => {
    fc.assert(
      fc.property(zone, instant, fc.integer({ min: 0, max: MINUTE - 1 }), (z, t, ms) => {
        expect(localTime(new Date(t + ms), z)).toEqual(asLocal(wallAt(t + ms, z)));
      }),
      { numRuns: 300 },
    );
  });

  it('turns a local time back into the instant it was read from, or the first one when the clock showed it twice', () => {
    fc.assert(
      fc.property(zone, instant, (z, t) => {
        const { day, minutes } = localTime(new Date(t), z);
        const back = zonedInstant(day, minutes, z).getTime();
        expect(localTime(new Date(back), z)).toEqual({ day, minutes });
        expect(back).toBe(occurrences(wallAt(t, z), z)[0]);
        expect(back).toBeLessThanOrEqual(t);
      }),
      { numRuns: 200 },
    );
  });

  it('resolves any wall time to its first occurrence, and a time skipped by a change to the same time on the old offset', () => {
    fc.assert(
      fc.property(zonedWall, ({ zone: z, wall }) => {
        const { day, minutes } = asLocal(wall);
        const got = zonedInstant(day, minutes, z).getTime();
        const occ = occurrences(wall, z);
        if (occ.length > 0) {
          expect(got).toBe(occ[0]);
        } else {
          // In a gap: the time on the offset in force before the clock jumped, which the clock reads
          // as the same time moved on by the length of the gap (02:30 -> 03:30).
          const offsets = offsetsNear(wall, z);
          const before = offsetAt(wall - offsets.at(-1)!, z);
          expect(got).toBe(wall - before);
          expect(offsetAt(got, z)).not.toBe(before);
          expect(wallAt(got, z)).toBeGreaterThan(wall);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// ISO weeks, checked against the other textbook definition: week 1 is the week holding 4 January.

function mondayOfWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
}

function isoWeekByJan4(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const year = t >= mondayOfWeekOne(y + 1) ? y + 1 : t < mondayOfWeekOne(y) ? y - 1 : y;
  const week = Math.floor((t - mondayOfWeekOne(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const calendarDay = fc
  .integer({ min: Date.UTC(1901, 0, 1) / DAY, max: Date.UTC(2199, 11, 31) / DAY })
  .map((n) => new Date(n * DAY).toISOString().slice(0, 10));

describe('ISO week properties', () => {
  it('agrees with the week-of-4-January definition on any day', () => {
    fc.assert(
      fc.property(calendarDay, (day) => {
        expect(isoWeek(day)).toBe(isoWeekByJan4(day));
      }),
      { numRuns: 500 },
    );
  });

  it('gives a year 53 weeks exactly when it starts on a Thursday, or on a Wednesday in a leap year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2199 }), (year) => {
        const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        // 28 December is always in the year's last week.
        expect(isoWeek(`${year}-12-28`)).toBe(`${year}-W${jan1 === 4 || (leap && jan1 === 3) ? 53 : 52}`);
      }),
      { numRuns: 200 },
    );
  });

  it('puts the seven days from a Monday in one week, and the next Monday in the next week', () => {
    fc.assert(
      fc.property(calendarDay, (day) => {
        const t = Date.parse(day);
        const monday = t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
        const at = (n: number) => isoWeek(new Date(monday + n * DAY).toISOString().slice(0, 10));
        for (let n = 1; n < 7; n++) expect(at(n)).toBe(at(0));
        expect(at(7)).not.toBe(at(0));
      }),
      { numRuns: 200 },
    );
  });
});
