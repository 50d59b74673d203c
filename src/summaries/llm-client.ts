// Abstractive summaries from any OpenAI-compatible chat-completions endpoint: a local Ollama or llama.cpp
// server, or a hosted API.
import { z } from 'zod';
import { DEFAULT_SUMMARY_TIMEOUT_MS } from '../config/summary-env.ts';
import type { Paper } from '../papers/paper.ts';
import type { SummaryLength } from './types.ts';

export interface ChatSummarizerOptions {
  /** The API base, such as `http://localhost:11434/v1`; requests go to `{apiUrl}/chat/completions`. */
  apiUrl: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  apiKey?: string | undefined;
  model: string;
  /** The whole exchange, reading the body included. Default 20 s. */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch;
}

export type SummaryFailure = 'timeout' | 'network' | 'http' | 'invalid-response' | 'empty';

/**
 * The model could not give a summary. The message is safe to log and show: it never holds the API key,
 * the endpoint's answer or the URL (which may carry credentials).
 */
export class SummaryUnavailableError extends Error {
  override name = 'SummaryUnavailableError';
  constructor(
    readonly reason: SummaryFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ChatSummarizer {
  /** The model name: part of the cache key, so changing models never serves another model's text. */
  readonly model: string;
  /** The model's summary, trimmed and non-empty; throws SummaryUnavailableError otherwise. */
  summarize(paper: Paper, length: SummaryLength): Promise<string>;
  /** Any other task for the same model: its reply to `user` under `system`, trimmed and non-empty, or throws. */
  complete(system: string, user: string, maxTokens: number): Promise<string>;
}

/** Completion budgets: short is two or three sentences, detailed a paragraph or two. */
export const MAX_TOKENS: Readonly<Record<SummaryLength, number>> = { short: 120, detailed: 500 };

// arXiv caps abstracts at 1,920 characters; this only guards against a bad record blowing up the prompt.
const MAX_PROMPT_ABSTRACT = 6_000;

const INSTRUCTIONS: Readonly<Record<SummaryLength, string>> = {
  short:
    'You summarise research papers for a chat channel. Reply with two or three plain sentences, at most 80 words: ' +
    'what the paper does and its main result. No preamble, no headings, no lists, no links.',
  detailed:
    'You summarise research papers for a chat channel. Reply with one or two short paragraphs, at most 300 words: ' +
    'the problem, the approach, and the key results with their numbers when the abstract gives them. ' +
    'Plain prose, no preamble, no headings, no links. Use only facts from the abstract.',
};

const completionSchema = z.object({
  choices: z.array(
    z.object({
      message: z.object({ content: z.string().nullish() }).nullish(),
    }),
  ),
});

// Reasoning models (DeepSeek-R1, Qwen3 on Ollama) may put their thinking in the content; a reply cut off
// by max_tokens may leave the block unclosed.
const stripThinking = (text: string): string =>
  text.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<think>[\s\S]*$/i, '');

export function createChatSummarizer(opts: ChatSummarizerOptions): ChatSummarizer {
  const { apiUrl, apiKey, model, timeoutMs = DEFAULT_SUMMARY_TIMEOUT_MS, fetch: doFetch = globalThis.fetch } = opts;
  const url = `${apiUrl.replace(/\/+$/, '')}/chat/completions`;

  function summarize(paper: Paper, length: SummaryLength): Promise<string> {
    const abstract = paper.abstract.trim().slice(0, MAX_PROMPT_ABSTRACT);
    return complete(INSTRUCTIONS[length], `Title: ${paper.title.trim()}\n\nAbstract: ${abstract}`, MAX_TOKENS[length]);
  }

  async function complete(system: string, user: string, maxTokens: number): Promise<string> {
    const body = {
      model,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
      temperature: 0.2,
      max_tokens: maxTokens,
      stream: false,
    };

    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
      });
      status = res.status;
      // Read the body even on an error status, under the same timeout, so the connection is released.
      text = await res.text();
    } catch {
      if (signal.aborted) {
        throw new SummaryUnavailableError('timeout', `the summary model did not answer within ${timeoutMs} ms`);
      }
      throw new SummaryUnavailableError('network', 'the summary endpoint could not be reached');
    }

    if (status < 200 || status > 299) {
      throw new SummaryUnavailableError('http', `the summary endpoint answered HTTP ${status}`, status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SummaryUnavailableError(
        'invalid-response',
        'the summary endpoint answered with something that is not JSON',
      );
    }
    const parsed = completionSchema.safeParse(json);
    if (!parsed.success) {
      throw new SummaryUnavailableError('invalid-response', 'the summary endpoint answered without a chat completion');
    }
    const content = stripThinking(parsed.data.choices[0]?.message?.content ?? '').trim();
    if (!content) throw new SummaryUnavailableError('empty', 'the summary model gave an empty answer');
    return content;
  }

  return { model, summarize, complete };
}
