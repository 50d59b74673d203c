import { time, TimestampStyles, type APIEmbed } from 'discord.js';
import { truncate } from '../format/text.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import { LIMITS } from './limits.ts';

const HF_YELLOW = 0xffd21e;

/** A title linking to the paper's Hugging Face page; brackets would end the link early. */
export const linkedTitle = (paper: Pick<Paper, 'id' | 'title'>): string =>
  `[${truncate(paper.title, 120).replace(/[[\]]/g, '')}](${arxivLinks(paper.id).hf})`;

/** How many messages members wrote in a paper's discussion thread, as a ranking and the weekly digest show it. */
export const messageCount = (n: number): string => `💬 ${n} message${n === 1 ? '' : 's'}`;

/**
 * A numbered list of papers with this server's votes (or, with `counting: 'messages'`, its members' messages in the
 * papers' threads) and HF upvotes: /paper top and the weekly digest.
 */
export function rankingEmbed(
  title: string,
  entries: readonly { paper: Paper; count: number }[],
  footer: string,
  counting: 'votes' | 'messages' = 'votes',
): APIEmbed {
  const counted = (n: number) => (counting === 'messages' ? messageCount(n) : `▲ ${n} here`);
  const lines = entries.map(
    ({ paper, count }, i) => `**${i + 1}.** ${linkedTitle(paper)} · ${counted(count)} · ${paper.hfUpvotes} on HF`,
  );
  return {
    color: HF_YELLOW,
    title: truncate(title, LIMITS.embedTitle),
    description: truncate(lines.join('\n'), LIMITS.embedDescription),
    footer: { text: footer },
  };
}

/** A page of a member's favourites, newest vote first. */
export function favouritesEmbed(
  name: string,
  items: readonly { paper: Paper; votedAt: string }[],
  page: { number: number; size: number; pages: number; total: number },
): APIEmbed {
  const lines = items.map(({ paper, votedAt }, i) => {
    const n = (page.number - 1) * page.size + i + 1;
    return `**${n}.** ${linkedTitle(paper)} · ${time(new Date(votedAt), TimestampStyles.RelativeTime)}`;
  });
  const next = page.number < page.pages ? ` · next: page:${page.number + 1}` : '';
  return {
    color: HF_YELLOW,
    title: truncate(`Favourites of ${name}`, LIMITS.embedTitle),
    description: truncate(lines.join('\n'), LIMITS.embedDescription),
    footer: { text: `Page ${page.number} of ${page.pages} · ${page.total} paper(s)${next}` },
  };
}
