/**
 * Discord-like rate limits: a global per-second budget (interactions and webhooks exempt)
 * and a per-channel bucket for message creation, with the real X-RateLimit-* headers so
 * @discordjs/rest paces itself.
 */
import { DiscordError } from './http-io.ts';
import type { RateLimitOptions } from './types.ts';

export interface RateDecision {
  /** Headers to add to the response (also on success). */
  headers: Record<string, string>;
  /** Set when the request must be answered with 429. */
  error?: DiscordError;
  global?: boolean;
}

interface Window {
  resetAt: number;
  used: number;
}

const GLOBAL_GRACE_MS = 30;
const MESSAGE_BUCKET_HASH = 'a7f1c1e0d3b9e2a4c5d6e7f8091a2b3c';
const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

export class RateLimiter {
  readonly #globalLimit: number;
  readonly #messageLimit: number;
  readonly #messageWindow: number;
  #global: Window = { resetAt: 0, used: 0 };
  readonly #channels = new Map<string, Window>();

  constructor(
    readonly enabled: boolean,
    options: RateLimitOptions = {},
  ) {
    this.#globalLimit = options.globalPerSecond ?? 50;
    this.#messageLimit = options.messagesPerChannelPer5s ?? 5;
    this.#messageWindow = options.messageWindowMs ?? 5000;
  }

  /** Decide for one request at arrival time. `messageChannel` is set for POST /channels/:id/messages. */
  check(path: string, messageChannel: string | null, now = Date.now()): RateDecision {
    if (!this.enabled) return { headers: {} };
    const exempt = path.startsWith('/interactions/') || path.startsWith('/webhooks/');
    if (!exempt) {
      // The client paces itself with its own 1 s windows; a little grace keeps clock jitter between
      // its window and ours from producing spurious global 429s.
      if (now >= this.#global.resetAt - GLOBAL_GRACE_MS) this.#global = { resetAt: now + 1000, used: 0 };
      if (this.#global.used >= this.#globalLimit) {
        const after = this.#global.resetAt - now;
        return {
          global: true,
          headers: {},
          error: tooMany(after, true, {
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          }),
        };
      }
      this.#global.used += 1;
    }
    if (messageChannel === null) return { headers: {} };
    let w = this.#channels.get(messageChannel);
    if (!w || now >= w.resetAt) {
      w = { resetAt: now + this.#messageWindow, used: 0 };
      this.#channels.set(messageChannel, w);
    }
    const after = w.resetAt - now;
    const base = {
      'X-RateLimit-Limit': String(this.#messageLimit),
      'X-RateLimit-Reset': seconds(w.resetAt),
      'X-RateLimit-Reset-After': seconds(after),
      'X-RateLimit-Bucket': MESSAGE_BUCKET_HASH,
    };
    if (w.used >= this.#messageLimit) {
      if (!exempt) this.#global.used -= 1; // a 429 does not spend the global budget
      return {
        headers: {},
        error: tooMany(after, false, { ...base, 'X-RateLimit-Remaining': '0', 'X-RateLimit-Scope': 'user' }),
      };
    }
    w.used += 1;
    return { headers: { ...base, 'X-RateLimit-Remaining': String(this.#messageLimit - w.used) } };
  }
}

/** A 429 as Discord sends it: Retry-After header (seconds) and `{ message, retry_after, global }`. */
export class RateLimitedError extends DiscordError {
  constructor(
    readonly retryAfter: number,
    readonly global: boolean,
    headers: Record<string, string>,
  ) {
    super(429, 0, 'You are being rate limited.', undefined, {
      'Retry-After': String(Math.ceil(retryAfter * 1000) / 1000),
      ...headers,
    });
  }

  override body(): Record<string, unknown> {
    return { message: this.message, retry_after: this.retryAfter, global: this.global };
  }
}

export function tooMany(afterMs: number, global: boolean, headers: Record<string, string>): DiscordError {
  return new RateLimitedError(Math.max(0.001, afterMs / 1000), global, headers);
}
