import type { APIEmbed, APIEmbedField, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { ThreadIntroLayout } from '../delivery/thread-intro-ledger.ts';
import { splitSentences, truncate } from '../format/text.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import { neutraliseMentions } from '../summaries/mention-safe.ts';
import { embedChars } from './fit-embeds.ts';
import { LIMITS } from './limits.ts';
import { escapeLinkMarkdown, markdownUrl, safeLink, safeText } from './safe-links.ts';

const HF_ORANGE = 0xffd21e;
const ASK_FIELD = 'Ask about it';
export const ASK_HINT =
  "Ask me about this paper here with `/paper ask` — answers quote and link the paper's full text.";

const len = (s: string) => Array.from(s).length;

/** Text from the paper for a description: no masked links, no mentions. */

/** A piece of the abstract and what joins it to the piece before: a paragraph break or a space. */
interface Piece {
  text: string;
  sep: string;
}

/**
 * The abstract as paragraphs, a paragraph longer than `max` once made safe as sentences, a sentence longer
 * still cut at spaces. Split before it is made safe, so no cut falls between an escape and what it escapes.
 */
function pieces(abstract: string, max: number): Piece[] {
  const out: Piece[] = [];
  for (const paragraph of abstract.split(/\n\s*\n/)) {
    const para = paragraph.trim();
    if (!para) continue;
    const parts =
      len(safeText(para)) <= max
        ? [para]
        : splitSentences(para).flatMap((s) => (len(safeText(s)) <= max ? [s] : hardCut(s, max)));
    parts.forEach((p, i) => out.push({ text: safeText(p), sep: i === 0 ? '\n\n' : ' ' }));
  }
  return out;
}

/** A sentence with no boundary to split at, in pieces short enough even if making them safe doubled them. */
function hardCut(sentence: string, max: number): string[] {
  const size = Math.floor(max / 2);
  const out: string[] = [];
  let rest = Array.from(sentence);
  while (rest.length > size) {
    const space = rest.lastIndexOf(' ', size);
    const at = space > size / 2 ? space : size;
    out.push(rest.slice(0, at).join('').trimEnd());
    rest = Array.from(rest.slice(at).join('').trimStart());
  }
  if (rest.length > 0) out.push(rest.join(''));
  return out;
}

/** Pieces packed into descriptions of at most `max` characters, in order. */
function pack(parts: readonly Piece[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const p of parts) {
    const next = current ? `${current}${p.sep}${p.text}` : p.text;
    if (len(next) <= max) {
      current = next;
    } else {
      if (current) out.push(current);
      current = p.text;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The length of pieces joined as in the text. */
const joinedLength = (parts: readonly Piece[]) => parts.reduce((n, p, i) => n + (i ? len(p.sep) : 0) + len(p.text), 0);

/**
 * The abstract in descriptions that fit `budget` characters together (each at most a description's limit),
 * split at paragraphs, else sentences. One that does not fit is cut after a sentence, with a link to the rest.
 */
function abstractDescriptions(paper: Paper, budget: number): string[] {
  const all = pieces(paper.abstract, LIMITS.embedDescription);
  if (joinedLength(all) <= budget) return pack(all, LIMITS.embedDescription);
  const more: Piece = { text: `… [continues on arXiv](${markdownUrl(arxivLinks(paper.id).abs)})`, sep: '\n\n' };
  const room = budget - len(more.sep) - len(more.text);
  const kept: Piece[] = [];
  for (const p of all) {
    if (joinedLength([...kept, p]) > room) break;
    kept.push(p);
  }
  const first = all[0];
  if (kept.length === 0 && first) kept.push({ ...first, text: truncate(first.text, room) });
  return pack([...kept, more], LIMITS.embedDescription);
}

/** The links as one field: the Hugging Face page, arXiv's abstract page and the PDF. */
function linkFields(paper: Paper): APIEmbedField[] {
  const links = arxivLinks(paper.id);
  const fields: APIEmbedField[] = [
    {
      name: 'Links',
      value: [
        `[Hugging Face](${markdownUrl(links.hf)})`,
        `[arXiv](${markdownUrl(links.abs)})`,
        `[PDF](${markdownUrl(links.pdf)})`,
      ].join(' · '),
    },
  ];
  const code = safeLink(paper.githubRepo);
  if (code) {
    const shown = truncate(code.replace(/^https?:\/\//, '').replace(/\/$/, ''), 200);
    fields.push({ name: 'Code', value: `[${escapeLinkMarkdown(shown)}](${markdownUrl(code)})` });
  }
  fields.push({ name: ASK_FIELD, value: ASK_HINT });
  return fields;
}

/**
 * The first message of a paper's discussion thread: the title (linking to the paper's page), the whole
 * abstract across as many embeds as it needs, the links, the code repository, and how to ask about it.
 */
export function renderThreadIntro(paper: Paper): RESTPostAPIChannelMessageJSONBody {
  const links = arxivLinks(paper.id);
  const title = truncate(neutraliseMentions(paper.title), LIMITS.embedTitle);
  const fields = linkFields(paper);
  const overhead = embedChars({ title, fields });
  const descriptions = abstractDescriptions(paper, LIMITS.embedTotal - overhead);
  const embeds: APIEmbed[] = (descriptions.length > 0 ? descriptions : ['']).map((d) => ({
    color: HF_ORANGE,
    ...(d ? { description: d } : {}),
  }));
  embeds[0] = { ...embeds[0], title, url: links.hf };
  embeds[embeds.length - 1] = { ...embeds[embeds.length - 1], fields };
  return { embeds: embeds.slice(0, LIMITS.embedsPerMessage), allowed_mentions: { parse: [] } };
}

/** The thread intro layout the outbox renders with, and how it recognises an intro it sent before. */
export const threadIntroLayout: ThreadIntroLayout = {
  render: renderThreadIntro,
  isRenderingOf: (paper, message) =>
    message.embeds[0]?.url === arxivLinks(paper.id).hf &&
    message.embeds.some((e) => e.fields?.some((f) => f.name === ASK_FIELD) ?? false),
};
