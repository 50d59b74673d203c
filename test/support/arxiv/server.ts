// A local stand-in for arXiv's `GET /html/{id}` on 127.0.0.1, with scripted faults. Nothing here reaches the internet.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '../loopback-server.ts';

export type ArxivFault =
  | { kind: 'status'; status: 404 | 500 | 503 }
  | { kind: '429'; retryAfter?: string }
  /** Never answers until the client gives up or the fake is closed. */
  | { kind: 'hang' }
  /** 200 with another content type (a PDF, a JSON error). */
  | { kind: 'not-html'; contentType: string }
  /** 200 text/html streaming `bytes` (default 9 MB) as fast as the socket takes it, without a content-length. */
  | { kind: 'oversize'; bytes?: number }
  /** Destroys the socket without answering. */
  | { kind: 'reset' };

export interface ArxivRequest {
  path: string;
  /** Date.now() when the request arrived. */
  at: number;
  fault?: ArxivFault['kind'];
}

export interface ArxivFake {
  url: string;
  requests: ArxivRequest[];
  /** Queues a fault for the next `times` (default 1) requests. */
  fault(f: ArxivFault, times?: number): void;
  /** Drops the faults no request has taken yet. */
  clearFaults(): void;
  readonly maxInFlight: number;
  /** Bytes the oversize fault managed to write before the client stopped reading. */
  readonly oversizeBytesWritten: number;
  close(): Promise<void>;
}

export async function startArxivServer(opts: {
  /** Pages by id; bytes are sent as they are (a page of megabytes is not encoded again for every request). */
  pages: Record<string, string | Uint8Array>;
  latencyMs?: number;
  /** The test's clock, for the `Date` header every answer carries. Default the system's. */
  now?: () => Date;
}): Promise<ArxivFake> {
  const now = opts.now ?? (() => new Date());
  const faults: ArxivFault[] = [];
  const requests: ArxivRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let oversizeBytesWritten = 0;

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ) => {
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', date: now().toUTCString(), ...headers });
      res.end(body);
    };
    if (opts.latencyMs) setTimeout(answer, opts.latencyMs);
    else answer();
  };

  const stream = (res: ServerResponse, total: number) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', date: now().toUTCString() });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // Counted per response: a retried request streams its whole size again.
    let written = 0;
    const pump = () => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        oversizeBytesWritten += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.write('<!DOCTYPE html><html><body>');
    pump();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const record: ArxivRequest = { path, at: Date.now() };
    requests.push(record);
    const fault = faults.shift();
    if (fault) {
      record.fault = fault.kind;
      switch (fault.kind) {
        case 'status':
          return send(res, fault.status, `<h1>Error ${fault.status}</h1>`);
        case '429':
          return send(res, 429, 'Rate exceeded.', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
        case 'hang':
          return;
        case 'not-html':
          return send(res, 200, '%PDF-1.5', { 'content-type': fault.contentType });
        case 'oversize':
          return stream(res, fault.bytes ?? 9 * 1024 * 1024);
        case 'reset':
          req.socket.destroy();
          return;
      }
    }
    const id = decodeURIComponent(path.replace(/^\/html\//, ''));
    const page = path.startsWith('/html/') ? opts.pages[id] : undefined;
    if (page === undefined) return send(res, 404, '<h1>No HTML for this paper</h1>');
    send(res, 200, page);
  };

  const server = await listenOnLoopback(handle);
  return {
    url: server.url,
    requests,
    fault(f, times = 1) {
      for (let i = 0; i < times; i++) faults.push(f);
    },
    clearFaults() {
      faults.length = 0;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get oversizeBytesWritten() {
      return oversizeBytesWritten;
    },
    close: () => server.close(),
  };
}
