// Titles, abstracts and names from arXiv (through Hugging Face) carry LaTeX as the authors typed it:
// "Prefill \& Decode", "St\"utz", "$\nabla^2$DFT". readableTex turns it into what a reader would write:
// "Prefill & Decode", "Stütz", "∇²DFT". Only what has an exact plain or Unicode form is rewritten; anything
// else (a \frac of sums, an unknown macro, a subscript with no Unicode form) stays as typed, still readable.
// Applied to a text that is already readable it changes nothing, but for an escaped dollar next to math:
// "\$$x$" gives "$x", which is math the next time. Stored text is made readable once, from what HF sends.

// Accents by their command: the combining mark they put on a letter (NFC then composes u and U+0308 into ü).
const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};

// Letters written as commands in text: {\o}, \ss{}, {\L}ukasz.
const LETTERS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

const GREEK: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ϵ',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  varpi: 'ϖ',
  rho: 'ρ',
  varrho: 'ϱ',
  sigma: 'σ',
  varsigma: 'ς',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'ϕ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
};

// Math symbols, and the few text symbols abstracts use. \sim stays "~", as readers type it.
const SYMBOLS: Record<string, string> = {
  ...GREEK,
  nabla: '∇',
  partial: '∂',
  infty: '∞',
  sim: '~',
  approx: '≈',
  simeq: '≃',
  cong: '≅',
  equiv: '≡',
  neq: '≠',
  ne: '≠',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  ll: '≪',
  gg: '≫',
  times: '×',
  cdot: '·',
  pm: '±',
  mp: '∓',
  div: '÷',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  gets: '←',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  leftrightarrow: '↔',
  Leftrightarrow: '⇔',
  mapsto: '↦',
  uparrow: '↑',
  downarrow: '↓',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  supset: '⊃',
  supseteq: '⊇',
  cup: '∪',
  cap: '∩',
  setminus: '∖',
  emptyset: '∅',
  varnothing: '∅',
  forall: '∀',
  exists: '∃',
  neg: '¬',
  land: '∧',
  wedge: '∧',
  lor: '∨',
  vee: '∨',
  oplus: '⊕',
  otimes: '⊗',
  odot: '⊙',
  sum: '∑',
  prod: '∏',
  int: '∫',
  propto: '∝',
  circ: '∘',
  bullet: '•',
  star: '⋆',
  ast: '∗',
  dagger: '†',
  ell: 'ℓ',
  hbar: 'ℏ',
  prime: '′',
  top: '⊤',
  bot: '⊥',
  perp: '⊥',
  parallel: '∥',
  langle: '⟨',
  rangle: '⟩',
  lceil: '⌈',
  rceil: '⌉',
  lfloor: '⌊',
  rfloor: '⌋',
  lvert: '|',
  rvert: '|',
  vert: '|',
  ldots: '…',
  dots: '…',
  cdots: '⋯',
  vdots: '⋮',
  degree: '°',
  textdegree: '°',
  textendash: '–',
  textemdash: '—',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
};

// Operators TeX sets upright: they read as their name.
const OPERATORS = new Set(
  'log ln exp sin cos tan sinh cosh tanh arg max min sup inf lim det dim ker deg gcd Pr softmax argmax argmin'.split(
    ' ',
  ),
);

// The blackboard letters that have a Unicode form of their own.
const BLACKBOARD: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', P: 'ℙ', E: '𝔼' };

// Marks that math accents put over one letter: \hat{x} is x̂.
const MATH_ACCENTS: Record<string, string> = {
  hat: '\u0302',
  widehat: '\u0302',
  bar: '\u0304',
  overline: '\u0305',
  tilde: '\u0303',
  widetilde: '\u0303',
  dot: '\u0307',
  ddot: '\u0308',
  vec: '\u20d7',
  check: '\u030c',
};

/** Superscripts and subscripts with an exact Unicode form; anything else keeps its ^ or _. */
export const SUPERSCRIPTS: Record<string, string> = {
  ...Object.fromEntries([...'0123456789'].map((d, i) => [d, '⁰¹²³⁴⁵⁶⁷⁸⁹'[i]])),
  '+': '⁺',
  '-': '⁻',
  '−': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
  T: 'ᵀ',
  '⊤': 'ᵀ',
  '∘': '°',
  '′': '′',
  '*': '*',
};
export const SUBSCRIPTS: Record<string, string> = {
  ...Object.fromEntries([...'0123456789'].map((d, i) => [d, '₀₁₂₃₄₅₆₇₈₉'[i]])),
  '+': '₊',
  '-': '₋',
  '−': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
  a: 'ₐ',
  e: 'ₑ',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  n: 'ₙ',
  o: 'ₒ',
  t: 'ₜ',
  x: 'ₓ',
};

// A stand-in for an escaped dollar while math is found, so "\$5 and \$10" is never read as math.
const DOLLAR = '\u0001';
// Inline math as pandoc finds it: the opening $ followed by a non-space, the closing one after a non-space and
// not before a digit ("costs $5 to $10" has none). $$display$$ math too.
const MATH = /\$\$([^$]+?)\$\$|\$(?=[^\s$])([^$]*?[^\s$\\])\$(?!\d)/g;
const LETTER = '(?:\\\\[ij](?![a-zA-Z])|[a-zA-Z])';
const ACCENT = new RegExp(
  `\\{\\\\(["'\`^~=.])\\s*(?:\\{(${LETTER})\\}|(${LETTER}))\\}` +
    `|\\\\(["'\`^~=.])\\s*(?:\\{(${LETTER})\\}|(${LETTER}))` +
    `|\\\\([uvHckrdb])\\s*\\{(${LETTER})\\}`,
  'g',
);
const LETTER_COMMAND =
  /\{\\(ss|aa|AA|ae|AE|oe|OE|[oOlLij])\}|\\(ss|aa|AA|ae|AE|oe|OE|[oOlLij])(?![a-zA-Z])(?:\{\}| (?=[a-z]))?/g;
const TEXT_STYLE =
  /\\(?:textbf|textit|textsl|textsc|texttt|textrm|textsf|textup|textmd|textnormal|emph|underline|text|mbox)\s*\{([^{}]*)\}/g;
const OLD_STYLE = /\{\\(?:bf|it|em|sl|sc|tt|rm|sf|cal)\s+([^{}]*)\}/g;
// Braces typed as \{ \} in math, held aside while grouping braces are dropped.
const OPEN = '\u0002';
const CLOSE = '\u0003';
const COMMAND = /\\([a-zA-Z]+)(\{\})?/g;

const base = (letter: string) => (letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter);
const accented = (accent: string, letter: string) => `${base(letter)}${ACCENTS[accent] ?? ''}`.normalize('NFC');

/** Applies `step` until the text stops changing (nested groups resolve from the inside), at most 8 times. */
function settle(text: string, step: (s: string) => string): string {
  let out = text;
  for (let i = 0; i < 8; i++) {
    const next = step(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Accented letters and letters written as commands: St\"utz, {\'e}, \v{s}, {\o}, \ss{}. */
function letters(text: string): string {
  return text
    .replace(
      ACCENT,
      (_, a1?: string, b1?: string, c1?: string, a2?: string, b2?: string, c2?: string, a3?: string, b3?: string) =>
        a1 ? accented(a1, b1 ?? c1 ?? '') : a2 ? accented(a2, b2 ?? c2 ?? '') : accented(a3 ?? '', b3 ?? ''),
    )
    .replace(LETTER_COMMAND, (whole, inBraces?: string, bare?: string) => LETTERS[inBraces ?? bare ?? ''] ?? whole);
}

/** \& \% \# \_ \{ \} and an escaped dollar (kept as its stand-in until the end). */
const escapes = (text: string) => text.replace(/\\([&%#_{}])/g, '$1');

/** Known symbol commands as their symbol, operators as their name; `\LaTeX{}` drops its empty group. */
const symbols = (text: string) =>
  text.replace(COMMAND, (whole, name: string) => {
    const symbol = SYMBOLS[name] ?? (OPERATORS.has(name) ? name : undefined);
    return symbol ?? whole;
  });

/** "x" when every character of `s` has a script form in `table`, else null. */
function script(s: string, table: Record<string, string>): string | null {
  const chars = Array.from(s.replace(/\s+/g, ''));
  if (chars.length === 0 || chars.some((c) => table[c] === undefined)) return null;
  return chars.map((c) => table[c]).join('');
}

/** An argument that reads without brackets around it: one letter, number or symbol. */
const simple = (s: string) => /^(?:\p{L}|\p{N}+|[^\s\p{L}\p{N}])$/u.test(s.trim());
const wrap = (s: string) => (simple(s) ? s.trim() : `(${s.trim()})`);

/** Commands that take arguments: fonts, \frac, \sqrt, accents over one letter. Innermost first. */
function mathCommands(text: string): string {
  return settle(text, (s) =>
    s
      .replace(/\\mathbb\s*\{\s*([A-Za-z])\s*\}/g, (_, c: string) => BLACKBOARD[c] ?? c)
      .replace(
        /\\(?:mathbb|mathbf|mathrm|mathit|mathsf|mathtt|mathcal|mathscr|mathfrak|boldsymbol|bm|text|textrm|textbf|textit|mbox|operatorname\*?)\s*\{([^{}]*)\}/g,
        '$1',
      )
      .replace(/\\([a-zA-Z]+)\s*\{\s*(\p{L})\s*\}/gu, (whole, name: string, letter: string) => {
        const mark = MATH_ACCENTS[name];
        return mark ? letter + mark : whole;
      })
      .replace(/\\sqrt\s*\{([^{}]+)\}/g, (_, x: string) => `√${wrap(x)}`)
      .replace(/\\[dt]?frac\s*\{([^{}]+)\}\s*\{([^{}]+)\}/g, (_, a: string, b: string) => `${wrap(a)}/${wrap(b)}`),
  );
}

/** ^{…} and _{…} (or one character) in Unicode when every character has a form; as typed otherwise. */
function scripts(text: string): string {
  return text.replace(
    /([\^_])\s*(?:\{([^{}]*)\}|([^\s{}\\]))/gu,
    (whole, mark: string, group?: string, one?: string) => {
      const table = mark === '^' ? SUPERSCRIPTS : SUBSCRIPTS;
      const content = group ?? one ?? '';
      const converted = script(content, table);
      if (converted !== null) return converted;
      return Array.from(content).length === 1 ? `${mark}${content}` : whole;
    },
  );
}

/** Braces that only group (not the argument of a command, ^ or _ left as typed) are dropped. */
function groups(text: string): string {
  return settle(text, (s) =>
    s.replace(/\{([^{}]*)\}/g, (whole, inner: string, at: number) =>
      /(?:[\^_}]|\\[a-zA-Z]+\*?\s*)$/.test(s.slice(0, at)) ? whole : inner,
    ),
  );
}

/** One piece of inline math, as a reader would write it (no dollars). */
function math(tex: string): string {
  let s = tex
    .replace(/\\(?:left|right|[bB]ig{1,2}[lr]?)(?![a-zA-Z])\s*/g, '')
    .replace(/\\[,;:>]|\\quad|\\qquad|~/g, ' ')
    .replace(/\\!/g, '')
    .replace(/\^\s*(?:\{\s*\\circ\s*\}|\\circ(?![a-zA-Z]))/g, '°')
    .replace(/\\\|/g, '‖')
    .replace(/\\\{/g, OPEN)
    .replace(/\\\}/g, CLOSE)
    .replace(OLD_STYLE, '$1');
  s = escapes(letters(s));
  s = symbols(s);
  s = mathCommands(s);
  s = scripts(s);
  s = groups(s);
  return s.replaceAll(OPEN, '{').replaceAll(CLOSE, '}').replace(/\s+/g, ' ').trim();
}

/** Text outside math: accents, escapes, symbols. */
const prose = (text: string): string => symbols(escapes(letters(text)));

/** Text styles (their words kept as plain text) and TeX's dashes: before math, which they may hold. */
const typography = (text: string): string =>
  settle(text, (t) => t.replace(TEXT_STYLE, '$1').replace(OLD_STYLE, '$1'))
    .replace(/ --- /g, ' — ')
    .replace(/ -- /g, ' – ')
    .replace(/(\d)--(\d)/g, '$1–$2');

/** `text` with its LaTeX made readable; see the top of this file. */
export function readableTex(text: string): string {
  // Only a backslash, a dollar, `` quotes or a double dash start anything this rewrites.
  if (!/[\\$`]|--/.test(text)) return text;
  const s = typography(text.replaceAll('\\$', DOLLAR));
  let out = '';
  let from = 0;
  for (const m of s.matchAll(MATH)) {
    out += prose(s.slice(from, m.index)) + math(m[1] ?? m[2] ?? '');
    from = m.index + m[0].length;
  }
  out += prose(s.slice(from));
  // TeX's quotes last, once what they hold is readable: ``na\"ive'' holds an apostrophe until then.
  return settle(out, (t) => t.replace(/``([^`'\n]*?)''/g, '“$1”'))
    .replaceAll(DOLLAR, '$')
    .normalize('NFC');
}
