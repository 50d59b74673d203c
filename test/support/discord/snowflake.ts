/**
 * Discord snowflakes: (ms since 2015-01-01) << 22 | worker << 17 | process << 12 | increment.
 * Real-looking ids matter: @discordjs/rest only recognises 17-19 digit ids as major
 * parameters of a rate-limit bucket, so sequential small ids ("1", "2") would put every
 * channel into one bucket.
 */
export const DISCORD_EPOCH = 1_420_070_400_000;

/** The snowflake a given instant would produce (increment 0). */
export function snowflakeAt(ms: number, increment = 0, worker = 1): string {
  const since = BigInt(Math.max(0, Math.floor(ms) - DISCORD_EPOCH));
  return ((since << 22n) | (BigInt(worker & 31) << 17n) | BigInt(increment & 4095)).toString();
}

/** What Discord accepts where a snowflake is expected: 1-20 digits. */
export const isSnowflake = (v: unknown): boolean => typeof v === 'string' && /^\d{1,20}$/.test(v);

export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Monotonic generator: ids are unique and strictly increasing even within one millisecond. */
export class SnowflakeGenerator {
  #lastMs = 0;
  #increment = 0;

  constructor(
    /** The emulator's clock: ids carry the instant they were made, as Discord's do. */
    readonly clock: () => number,
    private readonly worker = 1,
  ) {}

  next(now = this.clock()): string {
    let ms = Math.max(now, this.#lastMs);
    if (ms === this.#lastMs) {
      this.#increment += 1;
      if (this.#increment > 4095) {
        ms += 1;
        this.#increment = 0;
      }
    } else {
      this.#increment = 0;
    }
    this.#lastMs = ms;
    return snowflakeAt(ms, this.#increment, this.worker);
  }

  /** An id for an instant in the past (e.g. a message seeded "before a restart"). */
  at(ms: number): string {
    this.#increment = (this.#increment + 1) & 4095;
    return snowflakeAt(ms, this.#increment, this.worker);
  }
}
