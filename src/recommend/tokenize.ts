/**
 * The recommender's tokeniser: words are runs of letters and digits, lower-cased; stop words, single characters
 * and bare numbers are dropped. Each token keeps a readable surface form for explanations: the word as written
 * when it has a capital after its first letter (an acronym such as "SO" or "LoRA"), else lower case.
 */

// English function words and the filler of abstracts, which say nothing about a paper's subject.
const STOP_WORDS = new Set(
  (
    'a about above after again against all also although am among an and any are as at be because been before ' +
    'being below between both but by can could did do does doing done down during each either et etc few for ' +
    'from further had has have having he her here hers him his how however i if in into is it its itself just ' +
    'least less many may me might more most much must my neither no nor not now of off often on once one only ' +
    'or other others our ours out over own per rather same she should since some such than that the their ' +
    'theirs them then there these they this those through thus to too under until up upon us very via was we ' +
    'were what when where whether which while who whom whose why will with within without would yet you your ' +
    'paper papers propose proposed proposes present presents introduce introduces show shows shown demonstrate ' +
    'demonstrates approach approaches method methods result results using use used based new novel work ' +
    'study existing furthermore moreover experiments experimental extensive significantly achieve achieves ' +
    'state art outperforms performance'
  ).split(' '),
);

export interface Token {
  /** Lower-case form, the feature's key. */
  term: string;
  /** Readable form, for explanations. */
  surface: string;
}

const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;
const INNER_CAPITAL = /^.\P{Lu}*\p{Lu}/u;

/**
 * The tokens of `text` in order; `null` marks where a word was dropped, so that word pairs (bigrams) are only
 * formed from words that were next to each other.
 */
export function tokenize(text: string): (Token | null)[] {
  const out: (Token | null)[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const term = word.toLowerCase();
    if (term.length < 2 || STOP_WORDS.has(term) || DIGITS.test(term)) {
      if (out.length > 0 && out[out.length - 1] !== null) out.push(null);
      continue;
    }
    out.push({ term, surface: word !== term && INNER_CAPITAL.test(word) ? word : term });
  }
  return out;
}
