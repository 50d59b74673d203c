// Which summary a reader gets, so that one is always available:
//
//   length    HF AI summary stored   model configured   answer
//   short     yes                    either             Hugging Face's AI summary
//   short     no                     yes                the model's short summary (extractive + note on failure)
//   short     no                     no                 extractive summary of the abstract
//   detailed  either                 yes                the model's detailed summary (extractive + note on failure)
//   detailed  either                 no                 longer extractive summary of the abstract
//
// A paper without an abstract never goes to the model (it would only have the title to go on): it gets
// Hugging Face's summary when there is one, else a line saying there is no abstract.
import { readableTex } from '../format/tex.ts';
import { firstSentences, splitSentences } from '../format/text.ts';
import type { Logger } from '../log/logger.ts';
import type { Paper } from '../papers/paper.ts';
import { extractiveSummary } from './extractive.ts';
import { SummaryUnavailableError, type ChatSummarizer as FullSummarizer } from './llm-client.ts';
import { neutraliseMentions } from './mention-safe.ts';
import type { SummaryCache } from './summary-cache.ts';
import type { SummaryLength, SummarySource } from './types.ts';

/** What summaries need of the model client. */
type ChatSummarizer = Pick<FullSummarizer, 'model' | 'summarize'>;

/** Well inside an embed description (4,096): short reads at a glance, detailed leaves room for a note. */
export const SUMMARY_LIMITS: Readonly<Record<SummaryLength, { maxChars: number; maxSentences: number }>> = {
  short: { maxChars: 600, maxSentences: 3 },
  detailed: { maxChars: 2500, maxSentences: 10 },
};

/** After a model failure, requests skip the model for this long (a circuit breaker), then try again. */
export const DEFAULT_MODEL_COOLDOWN_MS = 60_000;

export const MODEL_UNAVAILABLE_NOTE = 'The summary model was unavailable, so this summary is taken from the abstract.';
export const NO_ABSTRACT_TEXT = 'This paper has no abstract to summarise.';

export interface SummarizeContext {
  cache: SummaryCache;
  llm?: ChatSummarizer | null;
  /** The model's calls under way and its circuit breaker: one per summarizer, from createModelState(). */
  model: ModelState;
  log?: Logger;
  /** Clock for the circuit breaker, in ms. Default Date.now. */
  now?: () => number;
  /** How long to skip the model after a failure. Default 60 s. */
  cooldownMs?: number;
}

export interface PaperSummary {
  text: string;
  source: SummarySource;
  /** Shown under the summary when it is not the one the reader would normally get. */
  note?: string;
}

/**
 * Per summarizer (that is, per endpoint and model): the model calls under way, shared by concurrent
 * requests for the same paper and length, and when the breaker closes again.
 */
export interface ModelState {
  inFlight: Map<string, Promise<string>>;
  skipUntil: number;
}

export const createModelState = (): ModelState => ({ inFlight: new Map(), skipUntil: 0 });

/** What a model call needs to go through the model's state: the state, and the breaker's clock and cooldown. */
export type ModelStateContext = Pick<SummarizeContext, 'model' | 'now' | 'cooldownMs'>;

/** Whether the breaker is open: a call failed less than the cooldown ago, so the model is skipped. */
export const modelResting = (ctx: ModelStateContext): boolean => (ctx.now ?? Date.now)() < ctx.model.skipUntil;

/**
 * `call`, one at a time per `key`: concurrent callers share it and its outcome. A failure opens the breaker
 * for the cooldown (`failed` logs why), a success closes it. Summaries and answers share one state per model.
 */
export function sharedModelCall(
  ctx: ModelStateContext,
  key: string,
  call: () => Promise<string>,
  failed: (err: unknown, cooldownMs: number) => void,
): Promise<string> {
  const state = ctx.model;
  const running = state.inFlight.get(key);
  if (running) return running;
  const now = ctx.now ?? Date.now;
  const cooldownMs = ctx.cooldownMs ?? DEFAULT_MODEL_COOLDOWN_MS;
  const shared = (async () => {
    let reply: string;
    try {
      reply = await call();
    } catch (err) {
      state.skipUntil = now() + cooldownMs;
      failed(err, cooldownMs);
      throw err;
    }
    state.skipUntil = 0;
    return reply;
  })();
  state.inFlight.set(key, shared);
  const done = () => {
    state.inFlight.delete(key);
  };
  shared.then(done, done);
  return shared;
}

const charCount = (s: string): number => Array.from(s).length;

/**
 * `text` cut to `max` characters: whole paragraphs while they fit, then whole sentences of the next one;
 * a lone first sentence longer than `max` is cut with an ellipsis. Paragraph breaks are kept.
 */
export function fitSummary(text: string, max: number): string {
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (charCount(clean) <= max) return clean;
  let out = '';
  for (const paragraph of clean.split(/\n\s*\n/)) {
    const sep = out ? '\n\n' : '';
    const room = max - charCount(out) - sep.length;
    if (charCount(paragraph) <= room) {
      out += sep + paragraph;
      continue;
    }
    // Part of this paragraph: whole sentences only, unless there is nothing yet to show.
    const first = splitSentences(paragraph)[0] ?? '';
    if (!out || (room > 0 && charCount(first) <= room)) out += sep + firstSentences(paragraph, Math.max(1, room));
    break;
  }
  return out;
}

// A model may write LaTeX too ("$O(n^2)$"): it is shown as papers' own text is (format/tex.ts).
const shape = (text: string, length: SummaryLength): string =>
  fitSummary(neutraliseMentions(readableTex(text)), SUMMARY_LIMITS[length].maxChars);

function extractive(paper: Paper, length: SummaryLength, note?: string): PaperSummary {
  // An abstract of nothing but markup can still come out empty.
  const text = shape(extractiveSummary(paper.abstract, SUMMARY_LIMITS[length]), length) || NO_ABSTRACT_TEXT;
  return note ? { text, source: 'extractive', note } : { text, source: 'extractive' };
}

/**
 * The summary to show for `paper` (see the table at the top of this file). Never throws for a model
 * problem: the reader gets the extractive summary and a note instead.
 *
 * Model summaries are cached per paper, length and model; failures are not, so a later request tries the
 * model again, but after a failure the model is skipped for `cooldownMs` so a dead endpoint costs one
 * timeout a minute, not one per click. Extractive summaries are not cached: they take microseconds, and
 * recomputing them follows any change to the abstract.
 */
export async function summarizePaper(
  ctx: SummarizeContext,
  paper: Paper,
  length: SummaryLength,
): Promise<PaperSummary> {
  const aiSummary = paper.aiSummary?.trim();
  if (length === 'short' && aiSummary) return { text: shape(aiSummary, length), source: 'huggingface' };

  if (!paper.abstract.trim()) {
    return aiSummary
      ? { text: shape(aiSummary, length), source: 'huggingface' }
      : { text: NO_ABSTRACT_TEXT, source: 'extractive' };
  }

  const { llm } = ctx;
  if (!llm) return extractive(paper, length);

  const cached = readCache(ctx, llm, paper.id, length);
  if (cached !== null) return { text: cached, source: 'model' };

  if (modelResting(ctx)) return extractive(paper, length, MODEL_UNAVAILABLE_NOTE);

  try {
    return { text: await modelSummary(ctx, llm, paper, length), source: 'model' };
  } catch {
    return extractive(paper, length, MODEL_UNAVAILABLE_NOTE);
  }
}

function readCache(ctx: SummarizeContext, llm: ChatSummarizer, paperId: string, length: SummaryLength): string | null {
  try {
    return ctx.cache.get(paperId, length, llm.model)?.text ?? null;
  } catch (err) {
    ctx.log?.warn({ err, paperId, length }, 'could not read the summary cache');
    return null;
  }
}

/** One model call per paper and length at a time; concurrent callers share it, and its outcome. */
function modelSummary(
  ctx: SummarizeContext,
  llm: ChatSummarizer,
  paper: Paper,
  length: SummaryLength,
): Promise<string> {
  return sharedModelCall(
    ctx,
    `${paper.id}\u0000${length}`,
    async () => {
      const text = shape(await llm.summarize(paper, length), length);
      try {
        ctx.cache.put({ paperId: paper.id, length, source: 'model', model: llm.model, text });
      } catch (err) {
        ctx.log?.warn({ err, paperId: paper.id, length }, 'could not cache the summary');
      }
      return text;
    },
    (err, cooldownMs) => {
      if (err instanceof SummaryUnavailableError) {
        ctx.log?.warn(
          { paperId: paper.id, length, model: llm.model, reason: err.reason, status: err.status },
          `summary model unavailable (${err.message}); using extractive summaries for ` +
            `${Math.round(cooldownMs / 1000)} s`,
        );
      } else {
        ctx.log?.error({ err, paperId: paper.id, length, model: llm.model }, 'summary model call failed unexpectedly');
      }
    },
  );
}
