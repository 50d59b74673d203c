import type { WeeklyLayout } from '../weekly/run-weekly.ts';
import { rankingEmbed } from './ranking-layout.ts';

const footer = (week: string) => `Week ${week} · by this server's votes`;

/** The weekly digest: the server's most upvoted papers of the week, in one message. */
export const weeklyLayout: WeeklyLayout = {
  render({ week, papers, votes }) {
    const embed = rankingEmbed(
      'This week’s most upvoted papers',
      papers.map((paper) => ({ paper, votes: votes(paper.id) })),
      footer(week),
    );
    return { embeds: [embed], allowed_mentions: { parse: [] } };
  },
  isRenderingOf: (week, message) => message.embeds[0]?.footer?.text.startsWith(`Week ${week} `) ?? false,
};
