// Text shaping shared by every place a paper is shown: terminal preview, embeds, search results.

/** Cuts `text` to at most `max` characters (code points), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** "A, B, C +7 more". */
export function formatAuthors(authors: readonly string[], shown = 3): string {
  if (authors.length === 0) return 'Unknown authors';
  const head = authors.slice(0, shown).join(', ');
  return authors.length > shown ? `${head} +${authors.length - shown} more` : head;
}

// Splits after . ! ? followed by space and a capital/digit, but not after common abbreviations or initials.
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e|et al|etc|vs|Fig|Eq|Sec|cf|al|[A-Z]))([.!?])\s+(?=["'([]?[A-Z0-9])/g;

export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(SENTENCE_END, '$1\u0000')
    .split('\u0000')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The first sentences of `text` that fit in `max` characters (at least one, truncated if it alone is longer). */
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
