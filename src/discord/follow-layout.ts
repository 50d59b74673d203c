import { userMention } from 'discord.js';
import type { FollowLayout, FollowNotice } from '../follows/follow-ledger.ts';
import { truncate } from '../format/text.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import { LIMITS } from './limits.ts';
import { linkedTitle } from './ranking-layout.ts';

const HF_YELLOW = 0xffd21e;

const total = (n: FollowNotice) => n.papers.length + n.more;
const plural = (k: number) => `${k} new paper${k === 1 ? '' : 's'}`;
// A query is shown in a code span: a backtick in it would end the span.
const quoted = (query: string) => `\`${truncate(query.replace(/`/g, "'"), 80)}\``;

/**
 * A follow notification: the papers a member's follows found in one fetch, each with the follow that found it,
 * at most ten and a count of the rest. In a channel it mentions that member only; the footer names the server.
 */
export const followLayout: FollowLayout = {
  render(n) {
    const lines = n.papers.map(({ paper, query }) => `• ${linkedTitle(paper)} · ${quoted(query)}`);
    if (n.more > 0) lines.push(`…and ${n.more} more: find them with \`/paper search\``);
    // A footer is plain text: the server's name shows as it is, with nothing to escape.
    const server = n.guildName ? `${truncate(n.guildName, 100)} · ` : '';
    const embed = {
      color: HF_YELLOW,
      title: `${plural(total(n))} for your follows`,
      description: truncate(lines.join('\n'), LIMITS.embedDescription),
      footer: { text: `${server}Manage your follows with /follow list and /follow remove` },
    };
    return n.delivery === 'here'
      ? {
          content: `${userMention(n.userId)} ${plural(total(n))} match${total(n) === 1 ? 'es' : ''} your follows`,
          embeds: [embed],
          allowed_mentions: { parse: [], users: [n.userId] },
        }
      : { embeds: [embed], allowed_mentions: { parse: [] } };
  },
  // The first paper's link and the member identify a notification whatever the server is called now.
  isRenderingOf(n, message) {
    const first = n.papers[0];
    if (!first) return false;
    const listed = message.embeds[0]?.description?.includes(`(${arxivLinks(first.paper.id).hf})`) ?? false;
    return listed && (n.delivery === 'dm' || message.content.startsWith(userMention(n.userId)));
  },
};
