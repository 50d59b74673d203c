// A local stand-in for Hugging Face's `GET /api/daily_papers` on 127.0.0.1, with scripted faults.
// Tests drive the real client (real fetch, real sockets) against it; nothing here reaches the internet.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '../loopback-server.ts';

/** One scripted misbehaviour. `times` (default 1) requests are affected; `date`/`page` restrict which. */
export type Fault = FaultKind & { date?: string; page?: number; times?: number };

export type FaultKind =
  | { kind: 'status'; status: 500 | 503 | 404 | 400 }
  | { kind: '429'; retryAfter?: string; rateLimit?: string }
  /** Never answers until the client gives up or the fake is closed. */
  | { kind: 'hang' }
  /** 200 with an HTML body (what a proxy or a login wall sends). `body` replaces the default page. */
  | { kind: 'not-json'; body?: string }
  /** 200 with a JSON object instead of a list. */
  | { kind: 'not-array' }
  /** Destroys the socket without answering. */
  | { kind: 'reset' };

export interface HfRequest {
  path: string;
  query: Record<string, string>;
  /** Lower-case header names, as Node reports them. */
  headers: Record<string, string | undefined>;
  /** Date.now() when the request arrived. */
  at: number;
  /** The fault applied to this request, if any. */
  fault?: FaultKind['kind'];
}

export interface HfFake {
  /** Base URL to use as the client's `endpoint`, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  requests: HfRequest[];
  /** Replaces (or creates) a day's list. An empty list makes the day look like a weekend. */
  setDay(day: string, entries: unknown[]): void;
  /** Queues a fault; queued faults are consumed in order by the requests they match. */
  fault(f: Fault): void;
  /** Faults queued and not yet consumed. */
  readonly pendingFaults: number;
  /** Requests currently being answered. */
  readonly inFlight: number;
  /** The most requests ever in flight at once (a request counts until its answer is sent or its connection closes). */
  readonly maxInFlight: number;
  /** Only the `daily_papers` requests, optionally for one date. */
  dailyRequests(date?: string): HfRequest[];
  /** Forgets recorded requests and resets maxInFlight (days and pending faults stay). */
  resetRequests(): void;
  /** Stops the server; hanging requests are ended too. */
  close(): Promise<void>;
}

export interface HfServerOptions {
  days?: Record<string, unknown[]>;
  /** Delay before every answer, so concurrent requests really overlap. Default 0. */
  latencyMs?: number;
  /** The test's clock, for the `Date` header every answer carries (as Hugging Face's do). Default the system's. */
  now?: () => Date;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function startHfServer(opts: HfServerOptions = {}): Promise<HfFake> {
  const days = new Map<string, unknown[]>(Object.entries(opts.days ?? {}));
  const latencyMs = opts.latencyMs ?? 0;
  const now = opts.now ?? (() => new Date());
  const faults: Array<Fault & { left: number }> = [];
  const requests: HfRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const takeFault = (date: string | undefined, page: number | undefined): Fault | undefined => {
    const i = faults.findIndex(
      (f) => (f.date === undefined || f.date === date) && (f.page === undefined || f.page === page),
    );
    const f = faults[i];
    if (!f) return undefined;
    if (--f.left <= 0) faults.splice(i, 1);
    return f;
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        date: now().toUTCString(),
        ...headers,
      });
      res.end(body);
    };
    if (latencyMs <= 0) return answer();
    const t = setTimeout(() => {
      timers.delete(t);
      answer();
    }, latencyMs);
    timers.add(t);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    // 'close' fires once the answer is sent or the connection is gone (client abort, reset, close()).
    res.on('close', finish);

    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const record: HfRequest = { path: url.pathname, query, headers, at: Date.now() };
    requests.push(record);

    if (req.method !== 'GET' || url.pathname !== '/api/daily_papers') {
      return send(res, 404, JSON.stringify({ error: "Sorry, we can't find the page you are looking for." }));
    }
    const page = query.p === undefined ? 0 : Number(query.p);
    const fault = takeFault(query.date, Number.isInteger(page) ? page : undefined);
    if (fault) {
      record.fault = fault.kind;
      switch (fault.kind) {
        case 'status':
          return send(res, fault.status, JSON.stringify({ error: `fake error ${fault.status}` }));
        case '429': {
          const h: Record<string, string> = {};
          if (fault.retryAfter !== undefined) h['retry-after'] = fault.retryAfter;
          if (fault.rateLimit !== undefined) {
            h.ratelimit = fault.rateLimit;
            h['ratelimit-policy'] = '"fixed window";"api";q=500;w=300';
          }
          return send(res, 429, JSON.stringify({ error: 'You have exceeded our hourly quotas for action: api' }), h);
        }
        case 'hang':
          return; // never answered; close() or the client's abort ends it
        case 'not-json':
          return send(
            res,
            200,
            fault.body ??
              '<!DOCTYPE html><html><head><title>Hugging Face - 502</title></head><body>Bad gateway</body></html>',
            { 'content-type': 'text/html; charset=utf-8' },
          );
        case 'not-array':
          return send(res, 200, JSON.stringify({ error: 'Invalid date' }));
        case 'reset':
          req.socket.destroy();
          return;
      }
    }

    let date = query.date;
    if (date === undefined)
      date = [...days.keys()]
        .filter((d) => (days.get(d)?.length ?? 0) > 0)
        .sort()
        .at(-1);
    if (date === undefined) return send(res, 200, '[]');
    if (!DAY.test(date)) return send(res, 400, JSON.stringify({ error: '"date" must be a date in YYYY-MM-DD format' }));
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1) return send(res, 400, JSON.stringify({ error: '"limit" must be >= 1' }));
    if (!Number.isInteger(page) || page < 0) return send(res, 400, JSON.stringify({ error: '"p" must be >= 0' }));
    const size = Math.min(limit, MAX_LIMIT);
    const entries = days.get(date) ?? [];
    send(res, 200, JSON.stringify(entries.slice(page * size, (page + 1) * size)));
  };

  const server = await listenOnLoopback(handle);

  return {
    url: server.url,
    requests,
    setDay(day, entries) {
      days.set(day, [...entries]);
    },
    fault(f) {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    get pendingFaults() {
      return faults.reduce((n, f) => n + f.left, 0);
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    dailyRequests(date) {
      return requests.filter((r) => r.path === '/api/daily_papers' && (date === undefined || r.query.date === date));
    },
    resetRequests() {
      requests.length = 0;
      maxInFlight = inFlight;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await server.close();
    },
  };
}
