// Text shaping shared by every place a paper is shown: terminal preview, embeds, search results.

const SPACE = /\s/u;

/**
 * Cuts `text` to at most `max` characters (code points), ending with an ellipsis when cut. The cut falls
 * between words: before the word the limit lands in, unless that word starts in the first half of the room
 * (a URL, a long compound), which is then cut where the limit lands rather than lost whole.
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  const room = max - 1;
  let end = room;
  if (!SPACE.test(chars[room] ?? ' ')) {
    let start = room;
    while (start > 0 && !SPACE.test(chars[start - 1] ?? ' ')) start--;
    if (start >= room / 2) end = start;
  }
  const kept = chars.slice(0, end).join('').trimEnd();
  // "categories, and…" rather than "categories, and ,…"; a clause's comma or colon says nothing without its rest.
  return `${kept.replace(/[\s,;:]+$/u, '')}…`;
}

/** "A, B, C +7 more". */
export function formatAuthors(authors: readonly string[], shown = 3): string {
  if (authors.length === 0) return 'Unknown authors';
  const head = authors.slice(0, shown).join(', ');
  return authors.length > shown ? `${head} +${authors.length - shown} more` : head;
}

// A full stop after these does not end a sentence (compared in lower case, without their final dot).
const ABBREVIATIONS = new Set([
  'cf',
  'vs',
  'al',
  'etc',
  'fig',
  'figs',
  'eq',
  'eqs',
  'sec',
  'tab',
  'ref',
  'refs',
  'resp',
  'approx',
  'viz',
  'incl',
]);
// Words that open a sentence and are nobody's surname: "depend on T. We propose" ends a sentence at "T.".
const OPENERS = new Set(
  `We Our This These That The It Its In To Here Finally However Moreover Additionally Furthermore Experiments
  Results Code Such Unlike While When Using`.split(/\s+/),
);
// Punctuation that may end a sentence, closing quotes or brackets after it, then the space before the next one.
const CANDIDATE = /([.!?]+|…)(["')\]”’]*)\s+(?=[\p{L}\p{N}"'([“‘])/gu;
const DOTTED = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u;
const CAPITALISED = /^\p{Lu}/u;

/** Where the word that ends at `end` starts (after the space before it). */
const wordStart = (text: string, end: number): number => text.lastIndexOf(' ', end - 1) + 1;

/** The word that ends at `end`, without opening brackets or quotes. */
const wordAt = (text: string, end: number): string => text.slice(wordStart(text, end), end).replace(/^["'([“‘]+/u, '');

/** Whether `mark` (. ! ? or an ellipsis) at `at` ends a sentence, `next` being the text that follows it. */
function endsSentence(text: string, at: number, mark: string, next: string): boolean {
  if (mark === '…' || mark.endsWith('..')) return CAPITALISED.test(next);
  if (mark !== '.') return true;
  const word = wordAt(text, at);
  if (ABBREVIATIONS.has(word.toLowerCase()) || DOTTED.test(word)) return false;
  if (!/^\p{Lu}$/u.test(word)) return true;
  // An initial sits in a name: before another initial, or after a capitalised word (or an initial) and before
  // a capitalised surname.
  if (/^\p{Lu}\.\s/u.test(next)) return false;
  const start = wordStart(text, at);
  const before = start > 0 ? wordAt(text, start - 1) : '';
  const nextWord = /^["'([“‘]*(\p{L}*)/u.exec(next)?.[1] ?? '';
  const inName = before === '' || CAPITALISED.test(before);
  return !(inName && CAPITALISED.test(nextWord) && !OPENERS.has(nextWord));
}

/**
 * Sentences of `text`, its whitespace collapsed. A sentence ends at . ! ? (or an ellipsis before a capital)
 * followed by a space and the next word, which may start in lower case ("generative AI. uCO3D is"); not after
 * an abbreviation ("e.g.", "et al.", "Fig.") or an initial in a name ("Santosh S. Vempala").
 */
export function splitSentences(text: string): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  let from = 0;
  for (const m of clean.matchAll(CANDIDATE)) {
    const mark = m[1] ?? '';
    const at = m.index;
    const nextStart = at + m[0].length;
    if (!endsSentence(clean, at, mark, clean.slice(nextStart, nextStart + 40))) continue;
    out.push(clean.slice(from, at + mark.length + (m[2]?.length ?? 0)));
    from = nextStart;
  }
  out.push(clean.slice(from));
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * The first whole sentences of `text` that fit in `max` characters; when not even the first one fits, it is
 * cut between words with an ellipsis (see truncate).
 */
export function firstSentences(text: string, max: number): string {
  const sentences = splitSentences(text);
  let out = '';
  for (const s of sentences) {
    const next = out ? `${out} ${s}` : s;
    if (Array.from(next).length > max) break;
    out = next;
  }
  return out || truncate(sentences[0] ?? '', max);
}
