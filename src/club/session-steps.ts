import type { Session } from './session-store.ts';

/** Reminders go out this long before a session starts. */
export const REMINDERS = [
  { mark: '24h', beforeMs: 24 * 60 * 60 * 1000 },
  { mark: '1h', beforeMs: 60 * 60 * 1000 },
] as const;
export type ReminderMark = (typeof REMINDERS)[number]['mark'];

/** What a session needs now: a reminder, its start, or its end. */
export type SessionStep = { kind: 'reminder'; mark: ReminderMark } | { kind: 'start' } | { kind: 'end' };

/**
 * The step due for `session` at `now`, if any. Only the latest reminder whose time has come is due (a bot
 * that was down for the 24-hour mark does not send it next to the 1-hour one), and none whose time came
 * before the session was scheduled. A session whose end passed while it never started just ends.
 */
export function dueStep(
  session: Pick<Session, 'status' | 'startsAt' | 'endsAt' | 'createdAt'>,
  now: Date,
): SessionStep | null {
  const t = now.getTime();
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  if (session.status === 'active') return t >= end ? { kind: 'end' } : null;
  if (session.status !== 'scheduled') return null;
  if (t >= end) return { kind: 'end' };
  if (t >= start) return { kind: 'start' };
  const created = Date.parse(session.createdAt);
  for (const r of [...REMINDERS].reverse()) {
    const at = start - r.beforeMs;
    if (t >= at) return created < at ? { kind: 'reminder', mark: r.mark } : null;
  }
  return null;
}

/** The ledger key of a session's reminder: a moved session gets new reminders for its new time. */
export const reminderKey = (s: Pick<Session, 'eventId' | 'startsAt'>, mark: ReminderMark) =>
  `reminder:${mark}:${s.eventId}:${s.startsAt}`;
