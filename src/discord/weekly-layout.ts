import type { WeeklyLayout } from '../weekly/run-weekly.ts';
import { truncate } from '../format/text.ts';
import { LIMITS } from './limits.ts';
import { linkedTitle, messageCount, rankingEmbed } from './ranking-layout.ts';

const footer = (week: string) => `Week ${week} · by this server's votes`;

/**
 * The weekly digest: the server's most upvoted papers of the week, in one message, and under them the week's most
 * discussed paper(s) (ties share the line) when members wrote in any paper's thread.
 */
export const weeklyLayout: WeeklyLayout = {
  render({ week, papers, votes, discussed }) {
    const embed = rankingEmbed(
      'This week’s most upvoted papers',
      papers.map((paper) => ({ paper, count: votes(paper.id) })),
      footer(week),
    );
    const [first] = discussed;
    if (first) {
      const titles = discussed.map((d) => linkedTitle(d.paper)).join(', ');
      embed.fields = [
        { name: 'Most discussed', value: truncate(`${titles} · ${messageCount(first.messages)}`, LIMITS.fieldValue) },
      ];
    }
    return { embeds: [embed], allowed_mentions: { parse: [] } };
  },
  // The footer alone identifies a week's digest, whatever the counts were when it was rendered.
  isRenderingOf: (week, message) => message.embeds[0]?.footer?.text.startsWith(`Week ${week} `) ?? false,
};
