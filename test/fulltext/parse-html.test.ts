import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, parsePaperHtml, type Passage } from '../../src/fulltext/parse-html.ts';

const fixture = (name: string) => readFileSync(new URL(`../support/arxiv/${name}`, import.meta.url), 'utf8');
const FULL = fixture('paper-full.html');
const ODD = fixture('paper-odd.html');

const byAnchor = (passages: Passage[], anchor: string) => passages.filter((p) => p.anchor === anchor);
const allText = (passages: Passage[]) => passages.map((p) => p.text).join('\n');

describe('parsePaperHtml on a LaTeXML page', () => {
  const passages = parsePaperHtml(FULL);

  it('gives every passage in reading order, with its section, anchor and kind', () => {
    expect(passages.map((p) => [p.order, p.kind, p.section, p.anchor])).toEqual([
      [0, 'abstract', 'Title', null],
      [1, 'abstract', 'Abstract', null],
      [2, 'paragraph', '1 Introduction', 'S1.p1'],
      [3, 'paragraph', '1 Introduction', 'S1.p2'],
      [4, 'paragraph', '2.1 Encoder', 'S2.SS1.p1'],
      [5, 'caption', '2.1 Encoder', 'S2.F1'],
      [6, 'paragraph', '2.2 Training', 'S2.SS2.p1'],
      [7, 'table', '3 Results', 'S3.T1'],
      [8, 'paragraph', '3 Results', 'S3.p1'],
      [9, 'paragraph', 'Appendix A Gauge list', 'A1.p1'],
    ]);
  });

  it('reads the title, and the abstract without its heading, whitespace collapsed', () => {
    expect(passages[0]!.text).toBe('TideNet: Learning Coastal Tides from Sparse Gauges');
    expect(passages[1]!.text).toBe(
      'Tide gauges are few and far apart. We present TideNet, a model that interpolates tidal heights along a ' +
        'coastline from a handful of gauges.',
    );
  });

  it('writes math as its TeX, whitespace collapsed, never the MathML', () => {
    expect(byAnchor(passages, 'S1.p2')[0]!.text).toBe('We learn the tidal field from K = 12 gauges.');
    expect(byAnchor(passages, 'S2.SS1.p1')[0]!.text).toBe(
      'Each gauge reading is embedded with its position: h_i=\\sum_{k}a_k\\cos(\\omega_k t+\\phi_k) (1) ' +
        'where the frequencies are fixed.',
    );
    expect(allText(passages)).not.toContain('MATHML_LEAK');
  });

  it('keeps citations as their marks, and reads captions, and tables under their caption (cells by " | ")', () => {
    expect(byAnchor(passages, 'S1.p1')[0]!.text).toBe(
      'Harmonic analysis predicts tides well at a gauge [1] but says nothing between gauges.',
    );
    expect(byAnchor(passages, 'S2.F1')[0]!.text).toBe('Figure 1: Gauges along the coast and the mesh between them.');
    expect(byAnchor(passages, 'S3.T1').map((p) => p.text)).toEqual([
      'Table 1: Error in centimetres.\nModel | Error\nHarmonic | 14.2\nTideNet | 6.8',
    ]);
  });

  it('drops the bibliography, conversion errors, scripts, styles, navigation, notice, authors and footer', () => {
    const text = allText(passages);
    for (const leak of [
      'BIB_LEAK',
      '\\newtheorem',
      'SCRIPT_LEAK',
      'STYLE_LEAK',
      'TOC_LEAK',
      'NOTICE_LEAK',
      'AUTHOR_LEAK',
      'FOOTER_LEAK',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(passages.some((p) => p.section === 'References')).toBe(false);
  });
});

describe('parsePaperHtml on odd LaTeXML', () => {
  const passages = parsePaperHtml(ODD);

  it('names untitled sections, drops empty passages, keeps lists whole and figures inside paragraphs apart', () => {
    expect(passages.map((p) => [p.kind, p.section, p.anchor, p.text])).toEqual([
      ['abstract', 'Title', null, 'Odd structures'],
      ['paragraph', 'Untitled section', 'S1.p1', 'This section has no heading at all.'],
      ['paragraph', '2', 'S2.p1', 'Only a number in this heading.'],
      ['paragraph', '2', 'S2.p3', 'First item. Second item.'],
      ['caption', '2', 'S2.F1', 'Figure 1: A figure inside a paragraph.'],
      [
        'paragraph',
        '2',
        'S2.p4',
        'After the figure. The tail of this page was lost in transfer and this sentence stops in the mid',
      ],
    ]);
    expect(passages.map((p) => p.order)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('parses a page cut anywhere without throwing, keeping what came before the cut', () => {
    for (const cut of [0, 1, 100, Math.floor(FULL.length / 3), Math.floor(FULL.length / 2), FULL.length - 10]) {
      expect(() => parsePaperHtml(FULL.slice(0, cut))).not.toThrow();
    }
    const half = parsePaperHtml(FULL.slice(0, FULL.indexOf('id="S2.SS2"')));
    expect(half.map((p) => p.anchor)).toEqual([null, null, 'S1.p1', 'S1.p2', 'S2.SS1.p1', 'S2.F1']);
  });
});

describe('parsePaperHtml on bad or foreign input', () => {
  it('survives 100,000 nested divs', () => {
    const depth = 100_000;
    const html =
      '<html><body><article class="ltx_document">' +
      '<div>'.repeat(depth) +
      '<div class="ltx_para" id="deep"><p class="ltx_p">Deep down.</p></div>' +
      '</div>'.repeat(depth) +
      '</article></body></html>';
    expect(parsePaperHtml(html)).toEqual([
      { order: 0, section: 'Untitled section', anchor: 'deep', kind: 'paragraph', text: 'Deep down.' },
    ]);
    const spans = '<p id="inline">' + '<span>'.repeat(depth) + 'Inline deep.' + '</span>'.repeat(depth) + '</p>';
    expect(parsePaperHtml(spans).map((p) => p.text)).toEqual(['Inline deep.']);
  });

  it('falls back to paragraphs anywhere in the article, or the body, when there are no sections', () => {
    const article =
      '<article class="ltx_document"><div class="ltx_para" id="p1"><p class="ltx_p">One.</p></div>' +
      '<div><p class="ltx_p" id="p2">Two.</p></div></article><p>Outside the article.</p>';
    expect(parsePaperHtml(article).map((p) => [p.anchor, p.text])).toEqual([
      ['p1', 'One.'],
      ['p2', 'Two.'],
    ]);
    const blog =
      '<html><head><script>var x = 1;</script></head><body><nav><p>Menu</p></nav>' +
      '<main><h1>A blog</h1><p>First   paragraph.</p><div><p>Second <b>bold</b> one.</p></div></main></body></html>';
    expect(parsePaperHtml(blog).map((p) => [p.section, p.anchor, p.kind, p.text])).toEqual([
      ['Untitled section', null, 'paragraph', 'First paragraph.'],
      ['Untitled section', null, 'paragraph', 'Second bold one.'],
    ]);
  });

  it('puts a caption that follows its table before it, in one passage', () => {
    const html =
      '<article class="ltx_document"><section class="ltx_section" id="S1"><h2 class="ltx_title">1 Results</h2>' +
      '<figure class="ltx_table" id="S1.T1"><table class="ltx_tabular"><tr><td>Model</td><td>F1</td></tr>' +
      '<tr><td>Ours</td><td>0.9</td></tr></table><figcaption>Table 1: Scores.</figcaption></figure>' +
      '</section></article>';
    expect(parsePaperHtml(html)).toEqual([
      {
        order: 0,
        section: '1 Results',
        anchor: 'S1.T1',
        kind: 'table',
        text: 'Table 1: Scores.\nModel | F1\nOurs | 0.9',
      },
    ]);
  });

  it('returns [] for empty or paragraph-less input', () => {
    expect(parsePaperHtml('')).toEqual([]);
    expect(parsePaperHtml('not html at all <<<>>>')).toEqual([]);
    expect(parsePaperHtml('<html><body><div>Just a div.</div><img src="x.png"></body></html>')).toEqual([]);
  });

  it('caps a huge passage at a sentence end, or else at a word', () => {
    const sentence = 'The gauge at the harbour mouth recorded another unusually high tide. ';
    const sentences = sentence.repeat(200);
    const [capped] = parsePaperHtml(`<article class="ltx_document"><p id="big">${sentences}</p></article>`);
    expect(capped!.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(capped!.text.length).toBeGreaterThan(MAX_PASSAGE_CHARS - sentence.length);
    expect(capped!.text.endsWith('high tide.')).toBe(true);
    expect(capped!.anchor).toBe('big');

    const words = 'tide '.repeat(2000);
    const [cut] = parsePaperHtml(`<p>${words}</p>`);
    expect(cut!.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    expect(cut!.text.length).toBeGreaterThan(MAX_PASSAGE_CHARS - 10);
    expect(cut!.text).toMatch(/^(tide )+tide…$/);

    const [solid] = parsePaperHtml(`<p>${'x'.repeat(10_000)}</p>`);
    expect(solid!.text).toBe(`${'x'.repeat(MAX_PASSAGE_CHARS - 1)}…`);
  });
});
