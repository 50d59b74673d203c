import { describe, expect, it } from 'vitest';
import { dueStep, reminderKey } from '../../src/club/session-steps.ts';

const session = {
  status: 'scheduled' as const,
  startsAt: '2026-12-03T18:00:00.000Z',
  endsAt: '2026-12-03T19:00:00.000Z',
  createdAt: '2026-11-30T12:00:00.000Z',
};
const at = (iso: string) => new Date(iso);

describe('dueStep', () => {
  it.each([
    ['2026-12-02T17:59:00.000Z', null],
    ['2026-12-02T18:00:00.000Z', { kind: 'reminder', mark: '24h' }],
    ['2026-12-03T16:59:00.000Z', { kind: 'reminder', mark: '24h' }],
    ['2026-12-03T17:00:00.000Z', { kind: 'reminder', mark: '1h' }],
    ['2026-12-03T18:00:00.000Z', { kind: 'start' }],
    ['2026-12-03T19:00:00.000Z', { kind: 'end' }],
  ])('at %s: %o', (now, step) => {
    expect(dueStep(session, at(now))).toEqual(step);
  });

  it('sends no reminder whose time came before the session was scheduled', () => {
    const late = { ...session, createdAt: '2026-12-03T08:00:00.000Z' };
    expect(dueStep(late, at('2026-12-03T09:00:00.000Z'))).toBeNull();
    expect(dueStep(late, at('2026-12-03T17:30:00.000Z'))).toEqual({ kind: 'reminder', mark: '1h' });
    const veryLate = { ...session, createdAt: '2026-12-03T17:30:00.000Z' };
    expect(dueStep(veryLate, at('2026-12-03T17:45:00.000Z'))).toBeNull();
  });

  it('an active session only ends; a finished or cancelled one does nothing', () => {
    expect(dueStep({ ...session, status: 'active' }, at('2026-12-03T18:30:00.000Z'))).toBeNull();
    expect(dueStep({ ...session, status: 'active' }, at('2026-12-03T19:00:00.000Z'))).toEqual({ kind: 'end' });
    expect(dueStep({ ...session, status: 'completed' }, at('2026-12-03T19:30:00.000Z'))).toBeNull();
    expect(dueStep({ ...session, status: 'cancelled' }, at('2026-12-03T17:30:00.000Z'))).toBeNull();
  });

  it('a moved session gets reminders under a new key', () => {
    const key = reminderKey({ eventId: 'e1', startsAt: session.startsAt }, '24h');
    expect(key).not.toBe(reminderKey({ eventId: 'e1', startsAt: '2026-12-10T18:00:00.000Z' }, '24h'));
  });
});
