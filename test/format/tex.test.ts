import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readableTex, SUBSCRIPTS, SUPERSCRIPTS } from '../../src/format/tex.ts';
import { SCRIPT_SEPARATORS } from '../../src/search/tokenizer.ts';

describe('readableTex', () => {
  it('writes escaped characters as themselves', () => {
    expect(readableTex('Disaggregated Prefill \\& Decode')).toBe('Disaggregated Prefill & Decode');
    expect(readableTex('\\$OneMillion-Bench: How Far Are Language Agents?')).toBe(
      '$OneMillion-Bench: How Far Are Language Agents?',
    );
    expect(readableTex('a 95\\% gain, item \\#3, snake\\_case, \\{braces\\}')).toBe(
      'a 95% gain, item #3, snake_case, {braces}',
    );
  });

  it('writes accented letters, with or without braces, and letters written as commands', () => {
    expect(readableTex('Lena St\\"utz')).toBe('Lena Stütz');
    expect(readableTex('J{\\"o}rg M\\"{u}ller, Jos\\\'{e} Mart\\\'{\\i}nez, Erd\\H{o}s, \\v{S}imon')).toBe(
      'Jörg Müller, José Martínez, Erdős, Šimon',
    );
    expect(readableTex('Fran\\c{c}ois, Sch{\\o}nberg, \\L{}ukasz, Stra\\ss e, na\\"{\\i}ve')).toBe(
      'François, Schønberg, Łukasz, Straße, naïve',
    );
    // Composed into one code point where Unicode has one, as a reader's keyboard would type it.
    expect(readableTex('St\\"utz')).toHaveLength(5);
  });

  it('keeps the words of text commands as plain text', () => {
    expect(readableTex('yields \\textbf{2.3$\\times$} higher goodput, \\emph{not \\textit{less}}, {\\bf ours}')).toBe(
      'yields 2.3× higher goodput, not less, ours',
    );
  });

  it('writes simple math in Unicode where it is exact', () => {
    expect(readableTex('$\\nabla^2$DFT: A Universal Quantum Chemistry Dataset')).toBe(
      '∇²DFT: A Universal Quantum Chemistry Dataset',
    );
    expect(readableTex('full-360$^{\\circ}$ coverage, lr $10^{-3}$, $x_{t-1}$, $\\mathbf{W}^T$, $O(n^{2})$')).toBe(
      'full-360° coverage, lr 10⁻³, xₜ₋₁, Wᵀ, O(n²)',
    );
    expect(
      readableTex('$\\alpha$-$\\beta$ pruning, $\\hat{\\theta}$, $\\mathbb{R}$, $\\sim 3\\times$, $k \\leq n$'),
    ).toBe('α-β pruning, θ̂, ℝ, ~ 3×, k ≤ n');
    expect(readableTex('$\\frac{1}{2}$, $\\frac{a+b}{c}$, $\\sqrt{d}$, $\\mathcal{O}(n \\log n)$, $\\{0,1\\}^n$')).toBe(
      '1/2, (a+b)/c, √d, O(n log n), {0,1}ⁿ',
    );
  });

  it('keeps TeX that has no exact plain form as typed, without the dollars', () => {
    expect(readableTex('$\\mathbb{R}^d$ and $L_{KD}$ and $\\xrightarrow{f}$')).toBe(
      'ℝ^d and L_{KD} and \\xrightarrow{f}',
    );
  });

  it('leaves dollars that are not math, and text without TeX, alone', () => {
    expect(readableTex('costs $5 to $10 each')).toBe('costs $5 to $10 each');
    expect(readableTex('x^2 and snake_case outside math, ~10x faster')).toBe(
      'x^2 and snake_case outside math, ~10x faster',
    );
    const plain = 'Why Language Models Hallucinate';
    expect(readableTex(plain)).toBe(plain);
  });

  it("writes TeX's quotes and dashes", () => {
    expect(readableTex("the ``deep reasoning'' paradigm -- they, pages 1--10 --- done")).toBe(
      'the “deep reasoning” paradigm – they, pages 1–10 — done',
    );
  });

  it('writes only superscripts and subscripts that search treats as separators', () => {
    const written = [...Object.values(SUPERSCRIPTS), ...Object.values(SUBSCRIPTS)].filter((c) => c > '\u007f');
    const separators = new Set(Array.from(SCRIPT_SEPARATORS));
    // ° and ′ separate tokens in unicode61 already (they are not letters or digits).
    expect(written.filter((c) => !separators.has(c) && !'°′'.includes(c))).toEqual([]);
  });

  it('changes nothing the second time', () => {
    // Math between spaces, and no lone or escaped dollar: "\$$x$" is "$x" once, and math the second time.
    const pieces = fc.constantFrom(
      ' ',
      'word',
      'T.',
      '\\&',
      '\\%',
      '\\"u',
      "\\'{e}",
      '{\\"o}',
      '\\ss{}',
      '\\textbf{bold}',
      '\\emph{x}',
      ' $\\nabla^2$ ',
      ' $x_{t-1}$ ',
      ' $\\frac{a}{b}$ ',
      ' $\\xrightarrow{f}$ ',
      ' $\\{0,1\\}$ ',
      ' $L_{KD}^{2}$ ',
      '\\textbf{ $\\times$ }',
      '^',
      '_',
      '{',
      '}',
      '``',
      "''",
      ' -- ',
      '\\alpha',
      '5',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const once = readableTex(parts.join(''));
        expect(readableTex(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
