/**
 * The REST request pipeline: record -> parse -> route -> auth -> injected fault ->
 * rate limit -> latency -> handler -> response latency -> Discord-shaped response.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordError, Errors, parseBody, readBody, sendJSON } from './http-io.ts';
import { RouteResult } from './rest-router.ts';
import type { RestRouter } from './rest-router.ts';
import type { FaultInjector } from './faults.ts';
import type { RateDecision, RateLimiter } from './rate-limits.ts';
import type { RecordedRequest } from './types.ts';

const PREFIX = '/api/v10';

export interface RestServerOptions {
  router: RestRouter;
  faults: FaultInjector;
  limiter: RateLimiter;
  latencyMs: number;
  responseLatencyMs: number;
  isValidAuth(header: string | undefined): boolean;
}

export class RestServer {
  readonly requests: RecordedRequest[] = [];
  /** Emits 'request' (RecordedRequest) once a response has been sent. */
  readonly events = new EventEmitter().setMaxListeners(0);
  rateLimited = 0;
  globalRateLimited = 0;

  constructor(private readonly o: RestServerOptions) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.#handle(req, res);
  };

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const inApi = url.pathname.startsWith(`${PREFIX}/`);
    let segments: string[] = [];
    try {
      segments = url.pathname
        .slice(inApi ? PREFIX.length : 0)
        .split('/')
        .filter(Boolean)
        .map(decodeURIComponent);
    } catch {
      segments = url.pathname.split('/').filter(Boolean);
    }
    const record: RecordedRequest = {
      seq: this.requests.length + 1,
      method,
      path: inApi ? `/${segments.join('/')}` : url.pathname,
      route: '',
      query: Object.fromEntries(url.searchParams),
      body: null,
      files: [],
      status: 0,
      response: null,
      at: Date.now(),
      authorization: req.headers.authorization ?? null,
    };
    this.requests.push(record);
    let status = 500;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      const raw = await readBody(req);
      const parsed = parseBody(req.headers['content-type'], raw);
      record.body = parsed.json;
      record.files = parsed.files;
      if (!inApi) throw Errors.notFound();
      const match = this.o.router.match(method, segments);
      if (match === null) throw Errors.notFound();
      if (match === 'method') throw new DiscordError(405, 0, '405: Method Not Allowed');
      record.route = match.route.pattern;
      if (match.route.auth && !this.o.isValidAuth(req.headers.authorization)) throw Errors.unauthorized();
      const fault = this.o.faults.take(method, record.path);
      const messageChannel =
        method === 'POST' && match.route.pattern === '/channels/:channel/messages'
          ? (match.params.channel ?? null)
          : null;
      const decision: RateDecision = fault
        ? { headers: {} }
        : this.o.limiter.check(record.path, messageChannel, record.at);
      headers = decision.headers;
      if (this.o.latencyMs > 0) await sleep(this.o.latencyMs);
      if (fault) throw fault;
      if (decision.error) {
        this.rateLimited += 1;
        if (decision.global) this.globalRateLimited += 1;
        throw decision.error;
      }
      const result = await match.route.handler({
        method,
        path: record.path,
        params: match.params,
        query: record.query,
        body: parsed.json,
        files: parsed.files,
        record,
      });
      if (result instanceof RouteResult) {
        status = result.status;
        body = result.body;
        headers = { ...headers, ...result.headers };
      } else {
        status = result === undefined ? 204 : 200;
        body = result;
      }
    } catch (err) {
      if (err instanceof DiscordError) {
        status = err.status;
        body = err.body();
        headers = { ...headers, ...err.headers };
      } else {
        status = 500;
        body = { message: `Emulator error: ${(err as Error)?.message ?? String(err)}`, code: 0 };
      }
    }
    // The request has taken effect; its answer is still on its way (status stays 0 until it arrives).
    if (this.o.responseLatencyMs > 0) await sleep(this.o.responseLatencyMs);
    record.status = status;
    record.response = body ?? null;
    sendJSON(res, status, body, headers);
    this.events.emit('request', record);
  }
}
