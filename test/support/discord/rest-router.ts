/** Route table for /api/v10 with `:param` segments (decoded) and per-route auth. */
import type { RecordedFile, RecordedRequest } from './types.ts';

export interface RouteRequest {
  method: string;
  /** Decoded path without /api/v10. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  record: RecordedRequest;
}

/** A handler returns the JSON body (200), `undefined` (204), or a full RouteResult. */
export type RouteHandler = (req: RouteRequest) => unknown;

export class RouteResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface Route {
  method: string;
  pattern: string;
  parts: string[];
  auth: boolean;
  handler: RouteHandler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class RestRouter {
  readonly #byLength = new Map<number, Route[]>();

  add(method: string, pattern: string, handler: RouteHandler, opts: { auth?: boolean } = {}): this {
    const parts = pattern.split('/').filter(Boolean);
    const route: Route = { method, pattern, parts, auth: opts.auth ?? true, handler };
    const list = this.#byLength.get(parts.length) ?? [];
    list.push(route);
    this.#byLength.set(parts.length, list);
    return this;
  }

  get(pattern: string, handler: RouteHandler, opts?: { auth?: boolean }): this {
    return this.add('GET', pattern, handler, opts);
  }
  post(pattern: string, handler: RouteHandler, opts?: { auth?: boolean }): this {
    return this.add('POST', pattern, handler, opts);
  }
  put(pattern: string, handler: RouteHandler, opts?: { auth?: boolean }): this {
    return this.add('PUT', pattern, handler, opts);
  }
  patch(pattern: string, handler: RouteHandler, opts?: { auth?: boolean }): this {
    return this.add('PATCH', pattern, handler, opts);
  }
  delete(pattern: string, handler: RouteHandler, opts?: { auth?: boolean }): this {
    return this.add('DELETE', pattern, handler, opts);
  }

  /**
   * Finds the route for decoded path segments. Literal segments beat parameters, so
   * '/users/@me' wins over '/users/:user'. Returns 'method' when only the method differs.
   */
  match(method: string, segments: string[]): RouteMatch | 'method' | null {
    let best: { m: RouteMatch; score: number } | null = null;
    let pathMatched = false;
    for (const route of this.#byLength.get(segments.length) ?? []) {
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < route.parts.length && ok; i++) {
        const part = route.parts[i]!;
        const seg = segments[i]!;
        if (part.startsWith(':')) params[part.slice(1)] = seg;
        else if (part === seg) score += 1;
        else ok = false;
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      if (!best || score > best.score) best = { m: { route, params }, score };
    }
    if (best) return best.m;
    return pathMatched ? 'method' : null;
  }
}
