import type { Database } from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.ts';
import { extractiveSummary } from '../../src/summaries/extractive.ts';
import { createChatSummarizer, type ChatSummarizer } from '../../src/summaries/llm-client.ts';
import { createSummaryCache, type SummaryCache } from '../../src/summaries/summary-cache.ts';
import {
  fitSummary,
  MODEL_UNAVAILABLE_NOTE,
  NO_ABSTRACT_TEXT,
  SUMMARY_LIMITS,
  createModelState,
  summarizePaper,
  type ModelState,
  type SummarizeContext,
} from '../../src/summaries/summarize-paper.ts';
import type { SummaryLength } from '../../src/summaries/types.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';
import { ABSTRACT } from './helpers.ts';

const KEY = 'sk-TESTkeyDoNotLeak-0123456789abcdef';
const MODEL_TEXT = 'The model says: models guess when unsure, and abstaining fixes it.';
const HF_TEXT = 'Hugging Face says models guess.';

const withHf = paper('2509.00001', { abstract: ABSTRACT, aiSummary: HF_TEXT });
const plain = paper('2509.00002', { abstract: ABSTRACT });
const other = paper('2509.00003', { abstract: ABSTRACT });
const noAbstract = paper('2509.00004', { abstract: ' ' });
const noAbstractWithHf = paper('2509.00005', { abstract: '', aiSummary: HF_TEXT });

let db: Database;
let cache: SummaryCache;
let fake: FakeLlm;
let clock: number;
let logLines: string[];

beforeEach(async () => {
  db = memoryDb();
  storePapers(db, [withHf, plain, other, noAbstract, noAbstractWithHf]);
  cache = createSummaryCache(db);
  fake = await startFakeLlm({ kind: 'ok', content: MODEL_TEXT });
  clock = 1_000_000;
  logLines = [];
});
afterEach(async () => {
  await fake.close();
  db.close();
});

const llmFor = (model = 'llama3.1:8b', timeoutMs = 2_000): ChatSummarizer =>
  createChatSummarizer({ apiUrl: fake.url, apiKey: KEY, model, timeoutMs });

// The bot keeps one model state beside its one summarizer; here each summarizer gets its own.
const modelStates = new WeakMap<object, ModelState>();
function ctx(llm: Pick<ChatSummarizer, 'model' | 'summarize'> | null): SummarizeContext {
  const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  let model = llm ? modelStates.get(llm) : undefined;
  if (!model) {
    model = createModelState();
    if (llm) modelStates.set(llm, model);
  }
  return { cache, llm, log, model, now: () => clock };
}

const extractive = (p: Paper, length: SummaryLength) => extractiveSummary(p.abstract, SUMMARY_LIMITS[length]);
const chars = (s: string) => Array.from(s).length;

describe('which summary answers', () => {
  const table: [hf: boolean, model: boolean, length: SummaryLength, source: 'huggingface' | 'model' | 'extractive'][] =
    [
      [true, true, 'short', 'huggingface'],
      [true, false, 'short', 'huggingface'],
      [false, true, 'short', 'model'],
      [false, false, 'short', 'extractive'],
      [true, true, 'detailed', 'model'],
      [true, false, 'detailed', 'extractive'],
      [false, true, 'detailed', 'model'],
      [false, false, 'detailed', 'extractive'],
    ];
  it.each(table)('HF summary %s, model %s, %s: %s', async (hf, model, length, source) => {
    const p = hf ? withHf : plain;
    const result = await summarizePaper(ctx(model ? llmFor() : null), p, length);
    expect(result.source).toBe(source);
    expect(result.note).toBeUndefined();
    const expected = { huggingface: HF_TEXT, model: MODEL_TEXT, extractive: extractive(p, length) }[source];
    expect(result.text).toBe(expected);
    expect(fake.requests).toHaveLength(source === 'model' ? 1 : 0);
    if (source === 'model')
      expect((fake.requests[0]!.body as { max_tokens: number }).max_tokens).toBe(length === 'short' ? 120 : 500);
  });

  it('gives a longer extractive summary for detailed than for short', async () => {
    const short = await summarizePaper(ctx(null), plain, 'short');
    const detailed = await summarizePaper(ctx(null), plain, 'detailed');
    expect(chars(detailed.text)).toBeGreaterThan(chars(short.text));
    expect(detailed.text).toContain(short.text.split('. ')[0]!);
  });

  it('never sends a paper without an abstract to the model', async () => {
    const llm = llmFor();
    expect(await summarizePaper(ctx(llm), noAbstract, 'short')).toEqual({
      text: NO_ABSTRACT_TEXT,
      source: 'extractive',
    });
    expect(await summarizePaper(ctx(llm), noAbstract, 'detailed')).toEqual({
      text: NO_ABSTRACT_TEXT,
      source: 'extractive',
    });
    expect(await summarizePaper(ctx(llm), noAbstractWithHf, 'detailed')).toEqual({
      text: HF_TEXT,
      source: 'huggingface',
    });
    expect(fake.requests).toHaveLength(0);
    const onlyMarkup = paper('2509.00001', { abstract: '$$ $$' });
    expect(await summarizePaper(ctx(null), onlyMarkup, 'short')).toEqual({
      text: NO_ABSTRACT_TEXT,
      source: 'extractive',
    });
  });
});

describe('caching', () => {
  it('serves a model summary from the database the second time', async () => {
    const llm = llmFor();
    const first = await summarizePaper(ctx(llm), plain, 'short');
    fake.respond({ kind: 'ok', content: 'A different answer.' });
    const second = await summarizePaper(ctx(llm), plain, 'short');
    expect(second).toEqual(first);
    expect(fake.requests).toHaveLength(1);
    expect(cache.get(plain.id, 'short', 'llama3.1:8b')?.text).toBe(MODEL_TEXT);
    // Survives a restart: a new summarizer object for the same model reads the same rows.
    expect(await summarizePaper(ctx(llmFor()), plain, 'short')).toEqual(first);
    expect(fake.requests).toHaveLength(1);
  });

  it('keys the cache on length and model', async () => {
    await summarizePaper(ctx(llmFor()), plain, 'short');
    fake.respond({ kind: 'ok', content: 'Detailed words.' });
    expect((await summarizePaper(ctx(llmFor()), plain, 'detailed')).text).toBe('Detailed words.');
    fake.respond({ kind: 'ok', content: 'Qwen words.' });
    expect((await summarizePaper(ctx(llmFor('qwen3:4b')), plain, 'short')).text).toBe('Qwen words.');
    expect(fake.requests.map((r) => (r.body as { model: string }).model)).toEqual([
      'llama3.1:8b',
      'llama3.1:8b',
      'qwen3:4b',
    ]);
    expect(cache.count()).toBe(3);
  });

  it('does not cache extractive or Hugging Face summaries', async () => {
    await summarizePaper(ctx(null), plain, 'short');
    await summarizePaper(ctx(null), plain, 'detailed');
    await summarizePaper(ctx(llmFor()), withHf, 'short');
    expect(cache.count()).toBe(0);
  });

  it('still answers with the model text when the paper cannot be cached', async () => {
    const unknown = paper('2509.99999', { abstract: ABSTRACT });
    expect(await summarizePaper(ctx(llmFor()), unknown, 'short')).toEqual({ text: MODEL_TEXT, source: 'model' });
    expect(cache.count()).toBe(0);
    expect(logLines.join('')).toContain('could not cache the summary');
  });
});

describe('model failures', () => {
  it('falls back to the extractive summary with a note, without the error or the key, and caches nothing', async () => {
    fake.respond({ kind: 'status', status: 500, body: `{"error":"invalid key ${KEY}"}` });
    for (const length of ['short', 'detailed'] as const) {
      clock += 120_000; // past the breaker
      const result = await summarizePaper(ctx(llmFor()), plain, length);
      expect(result).toEqual({ text: extractive(plain, length), source: 'extractive', note: MODEL_UNAVAILABLE_NOTE });
      expect(JSON.stringify(result)).not.toMatch(/500|sk-TEST|invalid key/);
    }
    expect(fake.requests).toHaveLength(2);
    expect(cache.count()).toBe(0);
    const logs = logLines.join('');
    expect(logs).toContain('"reason":"http"');
    expect(logs).toContain('"status":500');
    expect(logs).not.toContain(KEY);
  });

  it.each([
    ['a timeout', { kind: 'hang' } as const],
    ['invalid JSON', { kind: 'raw', body: 'not json' } as const],
    ['empty choices', { kind: 'json', body: { choices: [] } } as const],
    ['empty content', { kind: 'ok', content: '   ' } as const],
  ])('treats %s as unavailable', async (_, behaviour) => {
    fake.respond(behaviour);
    const result = await summarizePaper(ctx(llmFor('m', 150)), plain, 'short');
    expect(result).toEqual({ text: extractive(plain, 'short'), source: 'extractive', note: MODEL_UNAVAILABLE_NOTE });
    expect(cache.count()).toBe(0);
  });

  it('tries the model again on the next request once the breaker closes, and caches the success', async () => {
    const llm = llmFor();
    fake.respond({ kind: 'status', status: 503 });
    expect((await summarizePaper(ctx(llm), plain, 'short')).note).toBe(MODEL_UNAVAILABLE_NOTE);
    fake.respond({ kind: 'ok', content: MODEL_TEXT });
    clock += 60_001;
    expect(await summarizePaper(ctx(llm), plain, 'short')).toEqual({ text: MODEL_TEXT, source: 'model' });
    expect(fake.requests).toHaveLength(2);
    expect(cache.count()).toBe(1);
  });

  it('skips a failing model for 60 s (any paper), while cached summaries stay available', async () => {
    const llm = llmFor();
    await summarizePaper(ctx(llm), other, 'short'); // cached while the model works
    fake.respond({ kind: 'status', status: 502 });
    expect((await summarizePaper(ctx(llm), plain, 'short')).note).toBe(MODEL_UNAVAILABLE_NOTE);
    expect(fake.requests).toHaveLength(2);

    fake.respond({ kind: 'ok', content: MODEL_TEXT });
    clock += 30_000;
    expect(await summarizePaper(ctx(llm), plain, 'detailed')).toMatchObject({
      source: 'extractive',
      note: MODEL_UNAVAILABLE_NOTE,
    });
    expect(await summarizePaper(ctx(llm), withHf, 'detailed')).toMatchObject({
      source: 'extractive',
      note: MODEL_UNAVAILABLE_NOTE,
    });
    expect(await summarizePaper(ctx(llm), other, 'short')).toEqual({ text: MODEL_TEXT, source: 'model' });
    expect(fake.requests).toHaveLength(2);

    clock += 29_999;
    expect((await summarizePaper(ctx(llm), plain, 'short')).source).toBe('extractive');
    expect(fake.requests).toHaveLength(2);
    clock += 2;
    expect((await summarizePaper(ctx(llm), plain, 'short')).source).toBe('model');
    expect(fake.requests).toHaveLength(3);
  });

  it("honours a configured cooldown, and keeps each summarizer's breaker apart", async () => {
    const broken = llmFor('broken');
    fake.respond({ kind: 'status', status: 500 });
    await summarizePaper({ ...ctx(broken), cooldownMs: 5_000 }, plain, 'short');
    fake.respond({ kind: 'ok', content: MODEL_TEXT });
    expect((await summarizePaper(ctx(llmFor('healthy')), plain, 'short')).source).toBe('model');
    clock += 5_001;
    expect((await summarizePaper({ ...ctx(broken), cooldownMs: 5_000 }, plain, 'short')).source).toBe('model');
    expect(fake.requests).toHaveLength(3);
  });
});

describe('any summarizer', () => {
  it('treats an unexpected error as unavailable, and a success elsewhere closes the breaker', async () => {
    let release: () => void = () => {};
    const stub: Pick<ChatSummarizer, 'model' | 'summarize'> = {
      model: 'stub',
      summarize: (p) =>
        p.id === plain.id
          ? Promise.reject(new Error('kaboom'))
          : new Promise((resolve) => {
              release = () => resolve(`Stub summary of ${p.id}.`);
            }),
    };
    const slow = summarizePaper(ctx(stub), other, 'short'); // in flight before the failure
    expect(await summarizePaper(ctx(stub), plain, 'short')).toMatchObject({
      source: 'extractive',
      note: MODEL_UNAVAILABLE_NOTE,
    });
    expect(logLines.join('')).toContain('summary model call failed unexpectedly');
    expect((await summarizePaper(ctx(stub), withHf, 'detailed')).source).toBe('extractive'); // breaker open
    release();
    expect(await slow).toEqual({ text: 'Stub summary of 2509.00003.', source: 'model' });
    const after = summarizePaper(ctx(stub), withHf, 'detailed'); // breaker closed by the success
    release();
    expect(await after).toEqual({ text: 'Stub summary of 2509.00001.', source: 'model' });
  });
});

describe('concurrency', () => {
  it('shares one model call between concurrent requests for the same paper and length', async () => {
    const llm = llmFor();
    fake.respond({ kind: 'ok', content: MODEL_TEXT, delayMs: 100 });
    const results = await Promise.all([1, 2, 3].map(() => summarizePaper(ctx(llm), plain, 'short')));
    expect(results).toEqual(Array(3).fill({ text: MODEL_TEXT, source: 'model' }));
    expect(fake.requests).toHaveLength(1);
    await Promise.all([summarizePaper(ctx(llm), other, 'short'), summarizePaper(ctx(llm), other, 'detailed')]);
    expect(fake.requests).toHaveLength(3);
  });

  it('shares a failure too: one request, one log line, every caller gets the note', async () => {
    const llm = llmFor();
    fake.respond({ kind: 'status', status: 500 });
    const results = await Promise.all([1, 2, 3].map(() => summarizePaper(ctx(llm), plain, 'detailed')));
    for (const r of results) expect(r.note).toBe(MODEL_UNAVAILABLE_NOTE);
    expect(fake.requests).toHaveLength(1);
    expect(logLines.filter((l) => l.includes('summary model unavailable'))).toHaveLength(1);
  });
});

describe('safe output', () => {
  it('neutralises mentions in model text, cached text included', async () => {
    fake.respond({
      kind: 'ok',
      content: 'Ping @everyone and @here, <@123456789012345678> and <@&123456789012345678>.',
    });
    const llm = llmFor();
    const first = await summarizePaper(ctx(llm), plain, 'short');
    const second = await summarizePaper(ctx(llm), plain, 'short');
    for (const r of [first, second]) {
      expect(r.source).toBe('model');
      expect(r.text).not.toMatch(/@everyone|@here|<@\d|<@&/);
      expect(r.text).toContain('@\u200beveryone');
    }
    expect(fake.requests).toHaveLength(1);
  });

  it('neutralises mentions in Hugging Face and extractive text', async () => {
    const p = paper('2509.00001', {
      abstract: 'We propose to notify @everyone about <@&123456789012345678> roles in group chats.',
      aiSummary: 'Hi @here.',
    });
    expect((await summarizePaper(ctx(null), p, 'short')).text).toBe('Hi @\u200bhere.');
    expect((await summarizePaper(ctx(null), p, 'detailed')).text).not.toMatch(/@everyone|<@&/);
  });

  it('cuts long model text to the limits on sentence boundaries', async () => {
    const sentence = 'This sentence describes one more finding of the paper in plain words. ';
    const long = `${sentence.repeat(20).trim()}\n\n${sentence.repeat(30).trim()}`;
    fake.respond({ kind: 'ok', content: long });
    const llm = llmFor();
    const short = await summarizePaper(ctx(llm), plain, 'short');
    const detailed = await summarizePaper(ctx(llm), plain, 'detailed');
    expect(chars(short.text)).toBeLessThanOrEqual(600);
    expect(chars(short.text)).toBeGreaterThan(500);
    expect(short.text.endsWith('words.')).toBe(true);
    expect(chars(detailed.text)).toBeLessThanOrEqual(2500);
    expect(detailed.text.endsWith('words.')).toBe(true);
    expect(detailed.text).toContain('\n\n'); // paragraphs kept
    expect(cache.get(plain.id, 'detailed', 'llama3.1:8b')?.text).toBe(detailed.text);
  });

  it('cuts text without sentence ends with an ellipsis', () => {
    expect(fitSummary('x'.repeat(700), 600)).toBe(`${'x'.repeat(599)}…`);
    expect(fitSummary('One.\n\n\n\nTwo.\r\nThree.', 600)).toBe('One.\n\nTwo.\nThree.');
    expect(fitSummary(`Short first paragraph.\n\n${'y'.repeat(700)}`, 600)).toBe('Short first paragraph.');
  });
});
