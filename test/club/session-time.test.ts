import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/club/session-time.ts';

const now = new Date('2026-11-30T12:00:00.000Z');

describe('parseWhen', () => {
  it('reads YYYY-MM-DD HH:MM in the zone', () => {
    expect(parseWhen('2026-12-03 19:00', 'Europe/Berlin', now)).toEqual({
      ok: true,
      start: new Date('2026-12-03T18:00:00.000Z'),
    });
    expect(parseWhen(' 2026-12-03T7:05 ', 'UTC', now)).toEqual({ ok: true, start: new Date('2026-12-03T07:05:00Z') });
  });

  it('resolves a time skipped by the spring change to just after it', () => {
    const r = parseWhen('2027-03-28 02:30', 'Europe/Berlin', now);
    expect(r).toEqual({ ok: true, start: new Date('2027-03-28T01:30:00.000Z') });
  });

  it.each([
    ['2026-12-03', 'UTC', 'YYYY-MM-DD HH:MM'],
    ['2026-13-01 10:00', 'UTC', 'YYYY-MM-DD HH:MM'],
    ['2026-12-03 24:00', 'UTC', 'YYYY-MM-DD HH:MM'],
    ['2026-11-30 12:00', 'UTC', 'passed'],
    ['2027-12-01 12:00', 'UTC', 'more than a year'],
    ['2026-12-03 10:00', 'Not/AZone', "don't know the time zone"],
  ])('refuses %s in %s: %s', (text, zone, problem) => {
    const r = parseWhen(text, zone, now);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problem).toContain(problem);
  });

  it('gives an example in the format, in the zone', () => {
    const r = parseWhen('friday', 'Pacific/Auckland', now);
    expect(r.ok ? '' : r.problem).toContain('2026-12-02 18:00');
  });
});
