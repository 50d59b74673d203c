import type { APIEmbed } from 'discord.js';
import { truncate } from '../format/text.ts';
import { LIMITS } from './limits.ts';

const len = (s: string | undefined) => (s ? Array.from(s).length : 0);

/** Characters Discord counts toward the 6000 per message: titles, descriptions, fields, footers, authors. */
export function embedChars(e: APIEmbed): number {
  return (
    len(e.title) +
    len(e.description) +
    len(e.footer?.text) +
    len(e.author?.name) +
    (e.fields ?? []).reduce((n, f) => n + len(f.name) + len(f.value), 0)
  );
}

/** Shortens descriptions, longest first, until the embeds together fit in one message. */
export function fitEmbeds(embeds: APIEmbed[], budget: number = LIMITS.embedTotal): APIEmbed[] {
  const out = embeds.slice(0, LIMITS.embedsPerMessage).map((e) => ({ ...e }));
  let total = out.reduce((n, e) => n + embedChars(e), 0);
  while (total > budget) {
    const longest = out.reduce((a, b) => (len(b.description) > len(a.description) ? b : a));
    const current = len(longest.description);
    if (current <= 1) break;
    const target = Math.max(1, current - (total - budget), Math.floor(current / 2));
    longest.description = truncate(longest.description ?? '', target);
    total = out.reduce((n, e) => n + embedChars(e), 0);
  }
  return out;
}
