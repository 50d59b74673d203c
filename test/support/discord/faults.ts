/** Injected REST failures: the next n matching requests fail with a realistic Discord error. */
import { DiscordError } from './http-io.ts';
import { RateLimitedError } from './rate-limits.ts';
import type { FaultSpec } from './types.ts';

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

const DEFAULTS: Record<number, { code: number; message: string }> = {
  400: { code: 50035, message: 'Invalid Form Body' },
  401: { code: 0, message: '401: Unauthorized' },
  403: { code: 50013, message: 'Missing Permissions' },
  404: { code: 10003, message: 'Unknown Channel' },
  429: { code: 0, message: 'You are being rate limited.' },
  500: { code: 0, message: '500: Internal Server Error' },
  502: { code: 0, message: '502: Bad Gateway' },
  503: { code: 0, message: '503: Service Unavailable' },
};

export class FaultInjector {
  #faults: ActiveFault[] = [];
  served = 0;

  add(spec: FaultSpec): void {
    this.#faults.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.#faults = [];
  }

  get pending(): number {
    return this.#faults.reduce((n, f) => n + f.remaining, 0);
  }

  /** The error to answer with, consuming one use of the first matching fault. */
  take(method: string, path: string): DiscordError | null {
    if (this.#faults.length === 0) return null;
    const i = this.#faults.findIndex((f) => matches(f.spec, method, path));
    if (i === -1) return null;
    const fault = this.#faults[i]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(i, 1);
    this.served += 1;
    return toError(fault.spec);
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method) return false;
  const p = spec.pathPattern;
  if (typeof p === 'string') return path === p || (p.endsWith('/') && path.startsWith(p));
  p.lastIndex = 0;
  return p.test(path);
}

function toError(spec: FaultSpec): DiscordError {
  if (spec.status === 429) {
    return new RateLimitedError(spec.retryAfter ?? 1, false, { 'X-RateLimit-Scope': 'user' });
  }
  const d = DEFAULTS[spec.status] ?? { code: 0, message: `${spec.status}: Error` };
  return new DiscordError(spec.status, spec.code ?? d.code, spec.message ?? d.message, spec.errors);
}
