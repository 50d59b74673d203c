// An extractive summary: the abstract's most telling sentences, chosen locally, with no network and no
// randomness, so the same abstract always gives the same summary.
import { readableTex } from '../format/tex.ts';
import { splitSentences, truncate } from '../format/text.ts';

export interface ExtractiveOptions {
  /** Code points the summary may use, separators included. */
  maxChars: number;
  /** Sentences the summary may hold. */
  maxSentences: number;
}

// Function words and the filler every abstract uses: they say nothing about what this paper is about.
const STOPWORDS = new Set(
  `a about above across after again against all almost also although always am among an and another any are
  around as at be because been before being below between both but by can cannot could did do does doing done
  down during each either else even ever every few for from further had has have having he her here hers him
  his how however i if in into is it its itself just least less many may me might more most much must my
  neither no nor not now of off often on once one only onto or other others otherwise our ours out over own
  per perhaps rather same she should since so some such than that the their theirs them themselves then there
  therefore these they this those though through thus to too toward towards under until up upon us very via
  was we were what when where whether which while who whom whose why will with within without would yet you
  your paper work approach method methods propose proposed present presents show shows shown study new
  novel use used using based existing recent recently well various different several given first second
  three two`.split(/\s+/),
);

// Phrases with which authors announce their contribution or their results.
const CUES: readonly RegExp[] = [
  /\bwe (?:propose|present|introduce|develop|design|build|release)\b/i,
  /\bthis (?:paper|work|study) (?:proposes|presents|introduces|develops)\b/i,
  /\b(?:results|experiments|evaluations?|analys[ie]s)\b[^.;]{0,80}?\b(?:show|demonstrate|indicate|reveal|confirm)s?\b/i,
  /\boutperform(?:s|ed|ing)?\b/i,
  /\bachiev(?:e|es|ed|ing)\b/i,
  /\bstate[- ]of[- ]the[- ]art\b/i,
];

// Housekeeping that rarely belongs in a summary: links and "code is available" notes.
const BOILERPLATE =
  /https?:\/\/|\bgithub\.com\b|\b(?:code|data|dataset|models?|weights|checkpoints)\b[^.]{0,40}\b(?:available|released|open-sourced)\b/i;

const FIRST_SENTENCE_BONUS = 0.3;
const CUE_BONUS = 0.4;
// A sentence scoring under this share of the best one is not worth its place ("It is simple.", links).
const MIN_RELATIVE_SCORE = 0.35;

/**
 * Sentences of the abstract; a blank line ends a sentence even without a full stop (headings, lists). Stored
 * abstracts are readable already; an abstract from elsewhere gets its LaTeX made readable here.
 */
function sentencesOf(abstract: string): string[] {
  return readableTex(abstract)
    .split(/\n\s*\n/)
    .flatMap((paragraph) => splitSentences(paragraph));
}

/** Lower-cased content words, with a light plural folding so "model" and "models" count together. */
function contentWords(sentence: string): string[] {
  const words = sentence.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  const out: string[] = [];
  for (const raw of words) {
    const w = raw.replace(/'s$/, '');
    if (w.length < 3 || STOPWORDS.has(w) || /^[\d.,-]+$/.test(w)) continue;
    if (w.length > 4 && w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
    else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) out.push(w.slice(0, -1));
    else out.push(w);
  }
  return out;
}

function lengthFactor(sentence: string): number {
  const words = sentence.split(/\s+/).length;
  if (words < 6) return 0.4;
  if (words < 10) return 0.8;
  if (words > 60) return 0.6;
  if (words > 45) return 0.8;
  return 1;
}

const charCount = (s: string): number => Array.from(s).length;

/** Each sentence's score: shared key terms, weighted by length, plus bonuses for position and cue phrases. */
function scoreSentences(sentences: readonly string[]): number[] {
  const words = sentences.map(contentWords);
  const freq = new Map<string, number>();
  for (const ws of words) for (const w of ws) freq.set(w, (freq.get(w) ?? 0) + 1);
  const maxFreq = Math.max(1, ...freq.values());
  // Distinct words, so one term repeated in a sentence is not counted twice; divided by the square root of
  // their number, so a long sentence does not win just by being long.
  const termScores = words.map((ws) => {
    const distinct = [...new Set(ws)];
    if (distinct.length === 0) return 0;
    const sum = distinct.reduce((acc, w) => acc + (freq.get(w) ?? 0) / maxFreq, 0);
    return sum / Math.sqrt(distinct.length);
  });
  const maxTerm = Math.max(...termScores) || 1;
  return sentences.map((s, i) => {
    let score = (termScores[i] ?? 0) / maxTerm;
    if (i === 0) score += FIRST_SENTENCE_BONUS;
    if (CUES.some((cue) => cue.test(s))) score += CUE_BONUS;
    score *= lengthFactor(s);
    if (BOILERPLATE.test(s)) score *= 0.2;
    return score;
  });
}

/**
 * The abstract's best sentences, in their original order, within `maxChars` and `maxSentences`.
 * Sentences scoring far below the best one (asides, "code is available at" notes) are left out even when
 * there is room. Returns '' for an empty abstract (the caller says there is none). When not even the best
 * sentence fits, it is cut with an ellipsis.
 */
export function extractiveSummary(abstract: string, opts: ExtractiveOptions): string {
  const maxChars = Math.floor(opts.maxChars);
  const maxSentences = Math.max(1, Math.floor(opts.maxSentences));
  if (maxChars <= 0) return '';
  const sentences = sentencesOf(abstract);
  if (sentences.length === 0) return '';

  const scores = scoreSentences(sentences);
  // Best first; ties go to the earlier sentence, so the order is total and the result deterministic.
  const ranked = sentences.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);

  const floor = (scores[ranked[0] ?? 0] ?? 0) * MIN_RELATIVE_SCORE;
  const picked: number[] = [];
  let used = 0;
  for (const i of ranked) {
    if (picked.length >= maxSentences || (scores[i] ?? 0) < floor) break;
    const len = charCount(sentences[i] ?? '');
    const needed = picked.length === 0 ? len : used + 1 + len;
    if (needed > maxChars) continue;
    picked.push(i);
    used = needed;
  }
  if (picked.length === 0) return truncate(sentences[ranked[0] ?? 0] ?? '', maxChars);
  return picked
    .sort((a, b) => a - b)
    .map((i) => sentences[i])
    .join(' ');
}
