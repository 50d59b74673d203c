// Wall-clock arithmetic in IANA time zones with nothing but Intl, so daylight-saving rules come from
// the runtime's time-zone database and stay current with Node updates.

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  day: string;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(at: Date, timeZone: string) {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return {
    y: Number(p.year),
    mo: Number(p.month),
    d: Number(p.day),
    h: Number(p.hour),
    mi: Number(p.minute),
    s: Number(p.second),
  };
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const p = parts(at, timeZone);
  return { day: `${p.y}-${pad(p.mo)}-${pad(p.d)}`, minutes: p.h * 60 + p.mi };
}

/** Offset of the zone from UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's clock shows `day` `minutes`. A time skipped by a spring-forward
 * change resolves to the moment just after the gap (02:30 -> 03:30 in most zones); a time that occurs
 * twice in autumn resolves to its first occurrence.
 */
export function zonedInstant(day: string, minutes: number, timeZone: string): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60);
  // Try the offsets in force a day either side; pick the earliest candidate that reads back correctly.
  const candidates = [
    wall - offsetMs(new Date(wall - 86_400_000), timeZone),
    wall - offsetMs(new Date(wall + 86_400_000), timeZone),
  ].sort((a, b) => a - b);
  for (const t of candidates) {
    const back = localTime(new Date(t), timeZone);
    if (back.day === day && back.minutes === minutes) return new Date(t);
  }
  // In a gap: no candidate reads back, so the later one (old offset applied) lands just after it.
  return new Date(candidates[candidates.length - 1] as number);
}

export function addDays(day: string, n: number): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

export function parseClock(hhmm: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export const formatClock = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
