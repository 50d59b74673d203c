// Passages of a paper from arXiv's HTML full text (LaTeXML output). Pure: a string in, passages out.
// The tree is walked with explicit stacks, never by recursion, so any nesting depth is safe.
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

export type PassageKind = 'paragraph' | 'caption' | 'table' | 'abstract';

export interface Passage {
  /** 0, 1, 2, … in reading order. */
  order: number;
  /** The innermost section's title with its number ("3.2 Training", "Appendix A Hyperparameters"), or "Abstract". */
  section: string;
  /** The element id, for `https://arxiv.org/html/{id}#{anchor}`; null when the element has none. */
  anchor: string | null;
  kind: PassageKind;
  text: string;
}

/** The longest text of one passage; longer ones are cut at a sentence end, else at a word. */
export const MAX_PASSAGE_CHARS = 4000;
/** The section of a passage outside any section, or in a section without a title. */
export const UNTITLED_SECTION = 'Untitled section';

const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'nav', 'button', 'head', 'svg', 'iframe']);
const SKIPPED_CLASSES = [
  'ltx_bibliography',
  'ltx_ERROR',
  'ltx_TOC',
  'ltx_page_navbar',
  'ltx_page_footer',
  'ltx_authors',
  'ltx_dates',
  'ltx_classification',
  'ltx_keywords',
  'package-alerts',
];
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'td',
  'th',
  'section',
  'figure',
  'figcaption',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'dd',
  'dt',
]);
const HEADING = /^h[1-6]$/;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function attr(el: Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

function hasClass(el: Element, name: string): boolean {
  const cls = attr(el, 'class');
  return cls !== null && cls.split(/\s+/).includes(name);
}

function children(node: Node): Node[] {
  if (isElement(node) && node.tagName === 'template') return [];
  return 'childNodes' in node ? node.childNodes : [];
}

function isSkipped(el: Element): boolean {
  if (SKIPPED_TAGS.has(el.tagName)) return true;
  if (el.tagName === 'table' && hasClass(el, 'ltx_equation')) return false;
  return SKIPPED_CLASSES.some((c) => hasClass(el, c));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Elements that become passages of their own, even inside a paragraph. */
function isFigure(el: Element): boolean {
  return el.tagName === 'figure' || el.tagName === 'figcaption' || isDataTable(el);
}

function isDataTable(el: Element): boolean {
  return el.tagName === 'table' && !hasClass(el, 'ltx_equation') && !hasClass(el, 'ltx_equationgroup');
}

/**
 * The readable text under `root`: math as its TeX, skipped elements left out. Figures met on the way are not
 * read but returned in `deferred`, to become passages of their own after this one.
 */
function readText(root: Element, deferFigures: boolean): { text: string; deferred: Element[] } {
  const parts: string[] = [];
  const deferred: Element[] = [];
  const stack: (Node | string)[] = [...children(root)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      parts.push(node);
      continue;
    }
    if (node.nodeName === '#text' && 'value' in node) {
      parts.push(node.value);
      continue;
    }
    if (!isElement(node) || isSkipped(node)) continue;
    if (deferFigures && isFigure(node)) {
      deferred.push(node);
      continue;
    }
    if (node.tagName === 'math') {
      const tex = attr(node, 'alttext');
      if (tex !== null) {
        parts.push(` ${collapse(tex)} `);
        continue;
      }
    }
    const block = BLOCK_TAGS.has(node.tagName);
    if (block) stack.push(' ');
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
    if (block) parts.push(' ');
  }
  return { text: collapse(parts.join('')), deferred };
}

/** A table's cells, " | " between cells and a line break between rows. */
function readTable(table: Element): string {
  const rows: string[] = [];
  const stack: Node[] = [table];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node) || isSkipped(node)) continue;
    if (node.tagName === 'tr') {
      const cells = node.childNodes
        .filter((c): c is Element => isElement(c) && (c.tagName === 'td' || c.tagName === 'th'))
        .map((c) => readText(c, false).text)
        .filter((t) => t !== '');
      if (cells.length > 0) rows.push(cells.join(' | '));
      continue;
    }
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return rows.join('\n');
}

/** Cut to at most `max` characters: at the last sentence end in the second half, else at a word, with "…". */
export function capText(text: string, max = MAX_PASSAGE_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (sentenceEnd >= max / 2) return head.slice(0, sentenceEnd + 1);
  const space = text.slice(0, max).lastIndexOf(' ');
  const cut = space >= max / 2 ? text.slice(0, space) : text.slice(0, max - 1);
  return `${cut.trimEnd()}…`;
}

function sectionTitle(section: Element): string {
  const heading = section.childNodes.find((c): c is Element => isElement(c) && HEADING.test(c.tagName));
  if (heading === undefined) return UNTITLED_SECTION;
  const title = readText(heading, false).text;
  return title === '' ? UNTITLED_SECTION : title;
}

function findRoot(doc: Node): Element | null {
  let body: Element | null = null;
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) {
      stack.push(...children(node));
      continue;
    }
    if (node.tagName === 'article' && hasClass(node, 'ltx_document')) return node;
    if (node.tagName === 'body') body = node;
    if (isSkipped(node)) continue;
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return body;
}

interface Frame {
  node: Node;
  section: string;
  /** The id of the figure this node sits in, for its caption and table. */
  figure: string | null;
}

/** The passages of a page as arXiv sends it, UTF-8 bytes (see parsePaperHtml). */
export function parsePaperPage(page: Uint8Array): Passage[] {
  return parsePaperHtml(new TextDecoder().decode(page));
}

/**
 * The passages of an arXiv HTML paper, in reading order: the title and abstract, then each paragraph, figure or table
 * caption and table with the section it sits in. Bibliography, conversion errors, navigation and scripts are
 * left out. Never throws: broken or foreign HTML gives the paragraphs it has, or [].
 */
export function parsePaperHtml(html: string): Passage[] {
  const root = findRoot(parse(html));
  if (root === null) return [];
  const passages: Passage[] = [];
  const add = (section: string, anchor: string | null, kind: PassageKind, text: string) => {
    const capped = capText(text);
    if (capped !== '') passages.push({ order: passages.length, section, anchor, kind, text: capped });
  };

  const stack: Frame[] = [{ node: root, section: UNTITLED_SECTION, figure: null }];
  while (stack.length > 0) {
    const { node, section, figure } = stack.pop()!;
    if (!isElement(node) || isSkipped(node)) continue;
    const id = attr(node, 'id');
    const pushChildren = (kids: Node[], inSection: string, inFigure: string | null) => {
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, section: inSection, figure: inFigure });
    };

    if (hasClass(node, 'ltx_abstract')) {
      const content = node.childNodes.filter((c) => !(isElement(c) && HEADING.test(c.tagName)));
      const texts = content.map((c) =>
        isElement(c) ? readText(c, false).text : 'value' in c ? collapse(c.value) : '',
      );
      add('Abstract', id, 'abstract', collapse(texts.join(' ')));
      continue;
    }
    if (node.tagName === 'section') {
      const title = sectionTitle(node);
      pushChildren(
        node.childNodes.filter((c) => !(isElement(c) && HEADING.test(c.tagName))),
        title,
        figure,
      );
      continue;
    }
    if (hasClass(node, 'ltx_title_document')) {
      add('Title', id, 'abstract', readText(node, false).text);
      continue;
    }
    if (HEADING.test(node.tagName)) continue;
    if (node.tagName === 'figcaption') {
      add(section, figure ?? id, 'caption', readText(node, false).text);
      continue;
    }
    if (isDataTable(node)) {
      add(section, figure ?? id, 'table', readTable(node));
      continue;
    }
    if (node.tagName === 'figure') {
      pushChildren(node.childNodes, section, id ?? figure);
      continue;
    }
    if (hasClass(node, 'ltx_para') || node.tagName === 'p') {
      const { text, deferred } = readText(node, true);
      add(section, id, 'paragraph', text);
      for (let i = deferred.length - 1; i >= 0; i--) stack.push({ node: deferred[i]!, section, figure });
      continue;
    }
    pushChildren(children(node), section, figure);
  }
  return withCaptionsOnTables(passages);
}

/**
 * A table and its caption as one passage (the caption first): a question about a number in a table names
 * what the caption says the table is about ("the ablation", "model sizes"), and the cells alone never do.
 */
function withCaptionsOnTables(passages: Passage[]): Passage[] {
  const out: Passage[] = [];
  for (const p of passages) {
    const prev = out[out.length - 1];
    const pair = prev && p.anchor !== null && prev.anchor === p.anchor && prev.section === p.section;
    if (pair && prev.kind === 'caption' && p.kind === 'table') {
      out[out.length - 1] = { ...prev, kind: 'table', text: capText(`${prev.text}\n${p.text}`) };
    } else if (pair && prev.kind === 'table' && p.kind === 'caption') {
      out[out.length - 1] = { ...prev, text: capText(`${p.text}\n${prev.text}`) };
    } else {
      out.push({ ...p, order: out.length });
    }
  }
  return out;
}
