import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createChatSummarizer,
  SummaryUnavailableError,
  type ChatSummarizerOptions,
} from '../../src/summaries/llm-client.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { paper } from '../support/papers.ts';
import { ABSTRACT } from './helpers.ts';

const KEY = 'sk-TESTkeyDoNotLeak-0123456789abcdef';
const P = paper('2509.04664', { title: 'Why Language Models Hallucinate', abstract: ABSTRACT });

let llm: FakeLlm;
beforeEach(async () => {
  llm = await startFakeLlm();
});
afterEach(async () => {
  await llm.close();
});

const client = (extra: Partial<ChatSummarizerOptions> = {}) =>
  createChatSummarizer({ apiUrl: llm.url, model: 'llama3.1:8b', timeoutMs: 2_000, ...extra });

async function failure(p: Promise<unknown>): Promise<SummaryUnavailableError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SummaryUnavailableError);
  const e = err as SummaryUnavailableError;
  expect(e.message).not.toContain(KEY);
  expect(String(e.stack)).not.toContain(KEY);
  return e;
}

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature: number;
  max_tokens: number;
  stream: boolean;
}

describe('chat summarizer', () => {
  it('posts a chat completion request to {apiUrl}/chat/completions and returns the trimmed content', async () => {
    llm.respond({ kind: 'ok', content: '  Models guess when unsure.\n' });
    await expect(client({ apiKey: KEY }).summarize(P, 'short')).resolves.toBe('Models guess when unsure.');
    expect(llm.requests).toHaveLength(1);
    const req = llm.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['content-type']).toBe('application/json');
    const body = req.body as ChatBody;
    expect(body).toMatchObject({ model: 'llama3.1:8b', temperature: 0.2, max_tokens: 120, stream: false });
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(body.messages[1]!.content).toContain('Why Language Models Hallucinate');
    expect(body.messages[1]!.content).toContain('We propose Abstain-RL');
  });

  it('asks for more tokens for a detailed summary, and tolerates a trailing slash on the URL', async () => {
    await client({ apiUrl: `${llm.url}/` }).summarize(P, 'detailed');
    await client().summarize(P, 'short');
    const [detailed, short] = llm.requests.map((r) => r.body as ChatBody);
    expect(llm.requests[0]!.path).toBe('/v1/chat/completions');
    expect(detailed!.max_tokens).toBe(500);
    expect(short!.max_tokens).toBe(120);
    expect(detailed!.messages[0]!.content).not.toBe(short!.messages[0]!.content);
  });

  it('sends no authorization header without a key', async () => {
    await client().summarize(P, 'short');
    expect(llm.requests[0]!.headers.authorization).toBeUndefined();
    await client({ apiKey: '' }).summarize(P, 'short');
    expect(llm.requests[1]!.headers.authorization).toBeUndefined();
  });

  it("drops a reasoning model's thinking", async () => {
    llm.respond({ kind: 'ok', content: '<think>Let me see.\nHmm.</think>\n\nThe answer.' });
    await expect(client().summarize(P, 'short')).resolves.toBe('The answer.');
    llm.respond({ kind: 'ok', content: '<think>cut off by max_tokens' });
    expect((await failure(client().summarize(P, 'short'))).reason).toBe('empty');
  });

  it('gives up after the timeout', async () => {
    llm.respond({ kind: 'hang' });
    const started = Date.now();
    const err = await failure(client({ apiKey: KEY, timeoutMs: 150 }).summarize(P, 'short'));
    expect(err.reason).toBe('timeout');
    expect(err.message).toMatch(/150 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('counts reading the body in the timeout', async () => {
    llm.respond({ kind: 'ok', content: 'late', delayMs: 1_000 });
    expect((await failure(client({ timeoutMs: 100 }).summarize(P, 'short'))).reason).toBe('timeout');
    llm.respond({ kind: 'slow-body', content: 'late', delayMs: 1_000 });
    expect((await failure(client({ timeoutMs: 150 }).summarize(P, 'short'))).reason).toBe('timeout');
  });

  it('fails on a non-2xx answer without echoing it', async () => {
    llm.respond({ kind: 'status', status: 500, body: `{"error":"bad key ${KEY}"}` });
    const err = await failure(client({ apiKey: KEY }).summarize(P, 'short'));
    expect(err).toMatchObject({ reason: 'http', status: 500 });
    expect(err.message).toBe('the summary endpoint answered HTTP 500');
    llm.respond({ kind: 'status', status: 401 });
    expect(await failure(client({ apiKey: KEY }).summarize(P, 'short'))).toMatchObject({ reason: 'http', status: 401 });
  });

  it('fails on an answer that is not JSON, or not a chat completion', async () => {
    llm.respond({ kind: 'raw', body: `<html>proxy error ${KEY}</html>`, contentType: 'text/html' });
    expect((await failure(client({ apiKey: KEY }).summarize(P, 'short'))).reason).toBe('invalid-response');
    llm.respond({ kind: 'json', body: { object: 'error', message: 'no' } });
    expect((await failure(client().summarize(P, 'short'))).reason).toBe('invalid-response');
    llm.respond({ kind: 'json', body: { choices: [{ message: { content: 42 } }] } });
    expect((await failure(client().summarize(P, 'short'))).reason).toBe('invalid-response');
  });

  it('fails on empty choices, null or blank content', async () => {
    llm.respond({ kind: 'json', body: { choices: [] } });
    expect((await failure(client().summarize(P, 'short'))).reason).toBe('empty');
    llm.respond({ kind: 'ok', content: null });
    expect((await failure(client().summarize(P, 'short'))).reason).toBe('empty');
    llm.respond({ kind: 'ok', content: ' \n ' });
    expect((await failure(client().summarize(P, 'short'))).reason).toBe('empty');
  });

  it('fails when the endpoint cannot be reached, without naming it', async () => {
    const url = llm.url;
    await llm.close();
    const err = await failure(
      createChatSummarizer({ apiUrl: url, apiKey: KEY, model: 'm', timeoutMs: 2_000 }).summarize(P, 'short'),
    );
    expect(err.reason).toBe('network');
    expect(err.message).not.toContain('127.0.0.1');
    llm = await startFakeLlm(); // for afterEach
  });
});
