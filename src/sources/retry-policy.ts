// Pure helpers deciding how long to wait before asking Hugging Face again.

/** Seconds from `Retry-After` (a number of seconds or an HTTP date), in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const secs = Number(header.trim());
  if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : null;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Hugging Face's `RateLimit: "api";r=<remaining>;t=<seconds until reset>` (IETF draft syntax).
 * Returns the wait in ms when the quota is spent, else null.
 */
export function rateLimitWaitMs(header: string | null): number | null {
  if (!header) return null;
  const r = /(?:^|;)\s*r=(\d+)/.exec(header);
  const t = /(?:^|;)\s*t=(\d+)/.exec(header);
  if (!r?.[1] || !t?.[1]) return null;
  return Number(r[1]) === 0 ? Number(t[1]) * 1000 : null;
}

/** Exponential backoff with full jitter: a random wait in [base, base * 2^attempt], capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(baseMs + (ceiling - baseMs) * random());
}

export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;
