// How a question about a paper is answered, always from the paper itself:
//
//   passages found        model configured   answer
//   none relevant         either             "does not seem to cover this", with the closest passage
//   relevant              no                 the best three passages, quoted
//   relevant to a model   yes                the model's answer from the best five, citing them as [n]
//   relevant              yes, but failing   the best three passages, quoted, with a one-line note
//
// "Relevant" is coverage of at least MIN_COVERAGE; "relevant to a model" of at least MIN_COVERAGE_WITH_MODEL,
// lower, as the model says itself when the passages do not answer (passage-store.ts). That is then shown
// like "none relevant". Model answers are cached per paper, question and model.
import type { Logger } from '../log/logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { ChatSummarizer } from '../summaries/llm-client.ts';
import { modelResting, sharedModelCall, type ModelState } from '../summaries/summarize-paper.ts';
import { normaliseQuestion, type AnswerCache, type CachedAnswer, type CitedPassage } from './answer-cache.ts';
import { abstractPassages, type Fulltext } from './ensure-fulltext.ts';
import {
  coversQuestion,
  MIN_COVERAGE_WITH_MODEL,
  type FulltextSource,
  type ScoredPassage,
  type StoredPassage,
} from './passage-store.ts';

/** Passages ranked for a question; the model gets all of them. */
export const RETRIEVED = 5;
/** Passages quoted when there is no model answer. */
export const QUOTED = 3;
/** The longest passage put in the prompt. */
const PROMPT_PASSAGE_CHARS = 1500;
const MAX_ANSWER_TOKENS = 350;
/** What the model is told to reply when the passages do not answer the question. */
const NOT_COVERED = 'NOT_COVERED';

export const MODEL_FAILED_NOTE = 'The model was unavailable, so here are the passages that match best.';

export const ANSWER_INSTRUCTIONS =
  'You answer questions about one research paper in a chat channel. You are given numbered passages from the ' +
  'paper. Answer only from these passages, never from memory. After each statement, cite the passages that ' +
  `support it as [1] or [2][3]. If the passages do not answer the question, reply exactly ${NOT_COVERED}. ` +
  'Reply in at most 120 words of plain prose: no preamble, no headings, no links.';

/** The part of the chat model client answering needs (the summarizer's endpoint and model). */
export type AnswerModel = Pick<ChatSummarizer, 'model' | 'complete'>;

export interface AnswerContext {
  fulltext: Fulltext;
  answers: AnswerCache;
  llm: AnswerModel | null | undefined;
  /** Shared with summaries: one endpoint, one circuit breaker. */
  model: ModelState;
  log: Logger;
  /** Clock for the circuit breaker, in ms. Default Date.now. */
  now?: () => number;
  /** How long to skip the model after a failure. Default 60 s. */
  cooldownMs?: number;
}

export type Answer =
  | { kind: 'model'; text: string; cited: CitedPassage[]; source: FulltextSource }
  | { kind: 'quotes'; passages: StoredPassage[]; source: FulltextSource; note?: string }
  | { kind: 'not-covered'; closest: StoredPassage | null; source: FulltextSource };

/** The prompt's user message: the question after the numbered passages. */
export function answerPrompt(title: string, passages: readonly StoredPassage[], question: string): string {
  const numbered = passages.map(
    (p, i) => `[${i + 1}] (${p.section}) ${p.text.replace(/\s+/g, ' ').slice(0, PROMPT_PASSAGE_CHARS)}`,
  );
  return `Paper: ${title}\n\nPassages:\n${numbered.join('\n\n')}\n\nQuestion: ${question}`;
}

/**
 * The model's reply with every citation that names no given passage removed ([7] of five passages, [0]),
 * and the passages it does cite, in number order. "[1, 3]", "[1-2]" and "[2][3]" are all understood.
 */
export function checkCitations(reply: string, given: number): { text: string; cited: number[] } {
  const cited = new Set<number>();
  const text = reply
    .replace(/\s*\[(\s*\d+(?:\s*[,;\u2013-]\s*\d+)*\s*)\]/g, (whole, inner: string) => {
      const numbers: number[] = [];
      for (const part of inner.split(/[,;]/)) {
        const [a, b] = part.split(/[\u2013-]/).map((x) => Number(x.trim()));
        const from = a ?? 0;
        const to = b !== undefined && b >= from && b - from < given ? b : from;
        for (let n = from; n <= to; n++) if (n >= 1 && n <= given && !numbers.includes(n)) numbers.push(n);
      }
      if (numbers.length === 0) return '';
      numbers.forEach((n) => cited.add(n));
      const lead = /^\s/.test(whole) ? ' ' : '';
      return lead + numbers.map((n) => `[${n}]`).join('');
    })
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .trim();
  return { text, cited: [...cited].sort((x, y) => x - y) };
}

const isNotCovered = (reply: string) => reply.replace(/[^A-Za-z_]/g, '').toUpperCase() === NOT_COVERED;

/** Answers `question` about `paper` from its passages (see the table at the top). Never throws for the model. */
export async function answerQuestion(
  ctx: AnswerContext,
  paper: Pick<Paper, 'id' | 'title' | 'abstract'>,
  question: string,
): Promise<Answer> {
  const source = await ctx.fulltext.ensure(paper.id);
  const found = ctx.fulltext.search(paper.id, question, RETRIEVED);
  const closest = found[0] ?? abstractPassages(paper).find((p) => p.section === 'Abstract') ?? null;
  const notCovered: Answer = { kind: 'not-covered', closest, source };
  const { llm } = ctx;
  const relevant = coversQuestion(found);
  if (!relevant && !(llm && coversQuestion(found, MIN_COVERAGE_WITH_MODEL))) return notCovered;
  const quotes: Answer = { kind: 'quotes', passages: found.slice(0, QUOTED), source };
  if (!llm) return quotes;
  // Without the model's judgement, only passages relevant on their own are quoted.
  const withoutModel: Answer = relevant ? { ...quotes, note: MODEL_FAILED_NOTE } : notCovered;

  // Only answers from stored passages are cached: after a failed fetch the next question may find the HTML.
  const cacheable = ctx.fulltext.isStored(paper.id);
  let answer = cacheable ? readCache(ctx, llm, paper.id, question) : null;
  if (!answer) {
    if (modelResting(ctx)) return withoutModel;
    let reply: string;
    try {
      reply = await modelReply(ctx, llm, paper, question, found);
    } catch {
      return withoutModel;
    }
    const { text, cited } = isNotCovered(reply) ? { text: '', cited: [] } : checkCitations(reply, found.length);
    answer = {
      covered: text !== '',
      text,
      cited: cited.map((n) => ({ n, section: found[n - 1]!.section, anchor: found[n - 1]!.anchor })),
    };
    if (cacheable) writeCache(ctx, llm, paper.id, question, answer);
  }
  return answer.covered ? { kind: 'model', text: answer.text, cited: answer.cited, source } : notCovered;
}

function readCache(ctx: AnswerContext, llm: AnswerModel, paperId: string, question: string): CachedAnswer | null {
  try {
    return ctx.answers.get(paperId, question, llm.model);
  } catch (err) {
    ctx.log.warn({ err, paperId }, 'could not read the answer cache');
    return null;
  }
}

function writeCache(ctx: AnswerContext, llm: AnswerModel, paperId: string, question: string, answer: CachedAnswer) {
  try {
    ctx.answers.put(paperId, question, llm.model, answer);
  } catch (err) {
    ctx.log.warn({ err, paperId }, 'could not cache the answer');
  }
}

/** One model call per paper and question at a time; members asking the same thing at once share it. */
function modelReply(
  ctx: AnswerContext,
  llm: AnswerModel,
  paper: Pick<Paper, 'id' | 'title'>,
  question: string,
  passages: readonly ScoredPassage[],
): Promise<string> {
  return sharedModelCall(
    ctx,
    `ask\u0000${paper.id}\u0000${normaliseQuestion(question)}`,
    () => llm.complete(ANSWER_INSTRUCTIONS, answerPrompt(paper.title, passages, question), MAX_ANSWER_TOKENS),
    (err) =>
      ctx.log.warn(
        { paperId: paper.id, model: llm.model, problem: err instanceof Error ? err.message : 'unknown' },
        'the model could not answer a question; quoting passages instead',
      ),
  );
}
