// A fake OpenAI-compatible chat-completions server on 127.0.0.1, for summary tests.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
}

/** What the fake answers next. */
export type LlmBehaviour =
  | { kind: 'ok'; content: string | null; delayMs?: number }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'raw'; body: string; contentType?: string }
  | { kind: 'json'; body: unknown }
  | { kind: 'hang' }
  /** Sends the headers at once and the body after `delayMs`. */
  | { kind: 'slow-body'; content: string; delayMs: number };

export interface FakeLlm {
  /** The API base to configure, such as `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** Sets the answer for every following request. */
  respond(behaviour: LlmBehaviour): void;
  close(): Promise<void>;
}

export const completion = (content: string | null) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1_757_000_000,
  model: 'fake-model',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startFakeLlm(
  initial: LlmBehaviour = { kind: 'ok', content: 'A fake summary.' },
): Promise<FakeLlm> {
  let behaviour = initial;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the raw text
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        send(res, 404, JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const b = behaviour;
      switch (b.kind) {
        case 'ok': {
          const answer = () => send(res, 200, JSON.stringify(completion(b.content)));
          if (b.delayMs) setTimeout(answer, b.delayMs);
          else answer();
          return;
        }
        case 'status':
          send(res, b.status, b.body ?? JSON.stringify({ error: { message: 'model exploded' } }));
          return;
        case 'raw':
          send(res, 200, b.body, b.contentType);
          return;
        case 'json':
          send(res, 200, JSON.stringify(b.body));
          return;
        case 'slow-body': {
          const body = JSON.stringify(completion(b.content));
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.write(body.slice(0, 10));
          setTimeout(() => res.end(body.slice(10)), b.delayMs);
          return;
        }
        case 'hang':
          return; // never answers; close() drops the connection
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    respond(next) {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
