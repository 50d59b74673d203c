import { neutraliseMentions } from '../summaries/mention-safe.ts';

// Papers (Hugging Face's data) and models give us text and URLs that end up in messages. Every layout goes
// through these checks, so no stored value can make a masked link, a link button to another site, or a
// message Discord (or discord.js) refuses.

/** Where a link taken from a paper may point: these sites and their subdomains. */
const LINK_HOSTS = ['github.com', 'gitlab.com', 'huggingface.co', 'arxiv.org'];

/** Discord's limit for a link button's URL. */
const MAX_URL = 512;

/** `raw` as an absolute http(s) URL, or null (`javascript:`, `ftp:`, no host, credentials, too long, junk). */
export function httpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href.length <= MAX_URL ? url.href : null;
}

/** `raw` when it may become a link button or one of our own links: http(s), on one of LINK_HOSTS. */
export function safeLink(raw: string | null | undefined): string | null {
  const href = httpUrl(raw);
  if (!href) return null;
  const host = new URL(href).hostname.toLowerCase();
  return LINK_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ? href : null;
}

/** A URL for inside `[text](url)`: a parenthesis would end the link early. */
export const markdownUrl = (href: string): string => href.replace(/\(/g, '%28').replace(/\)/g, '%29');

/**
 * Text from papers and models (titles, abstracts, summaries, snippets, authors) for a place that renders
 * markdown: `[`, `]` and `\` are backslash-escaped, so `[text](url)` shows as typed and never as a masked
 * link (escaping `\` too keeps a `\[` in the text from unescaping the bracket).
 */
export const escapeLinkMarkdown = (text: string): string => text.replace(/[\\[\]]/g, '\\$&');

/** Text from papers and models for a message body: no masked link, and no mention that could ping. */
export const safeText = (text: string): string => neutraliseMentions(escapeLinkMarkdown(text));

/** A date Discord can show as an embed timestamp, or null when `raw` does not parse. */
export function validTimestamp(raw: string | null | undefined): Date | null {
  if (!raw) return null;
  const t = Date.parse(raw);
  return Number.isFinite(t) ? new Date(t) : null;
}
