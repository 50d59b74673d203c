import { escapeMarkdown, type APIEmbed } from 'discord.js';
import { truncate } from '../format/text.ts';
import type { Paper } from '../papers/paper.ts';
import { linkedTitle } from './ranking-layout.ts';
import { LIMITS } from './limits.ts';

const HF_YELLOW = 0xffd21e;

export type TasteScope = 'me' | 'server';

export interface RecommendedPaper {
  paper: Paper;
  /** The upvoted paper it is most similar to. */
  similarTo: Pick<Paper, 'title'> | null;
  /** The features that weigh most in its score. */
  because: readonly string[];
}

// Titles and features come from papers: neither markdown nor a masked link may come through. escapeMarkdown
// already escapes `\`, so only the brackets are left to escape.
const plain = (text: string) => escapeMarkdown(text).replace(/[[\]]/g, '\\$&');

/** Why a paper is recommended: "because you upvoted *Spherical CNNs*: equivariance, SO(3), rotation". */
export function explanation(scope: TasteScope, item: Pick<RecommendedPaper, 'similarTo' | 'because'>): string {
  const who = scope === 'me' ? 'you' : 'this server';
  const like = item.similarTo ? ` *${plain(truncate(item.similarTo.title, 80))}*` : ' papers like it';
  const features = item.because.length > 0 ? `: ${item.because.map(plain).join(', ')}` : '';
  return `because ${who} upvoted${like}${features}`;
}

/** `/paper recommend`: a numbered list of papers, each with its explanation. */
export function recommendEmbed(
  scope: TasteScope,
  items: readonly RecommendedPaper[],
  info: { lists: number; upvotes: number },
): APIEmbed {
  const lines = items.map(
    (item, i) =>
      `**${i + 1}.** ${linkedTitle(item.paper)} · ${item.paper.hfUpvotes} on HF\n${explanation(scope, item)}`,
  );
  const lists = info.lists === 1 ? 'the last Daily Papers list' : `the last ${info.lists} Daily Papers lists`;
  return {
    color: HF_YELLOW,
    title: truncate(scope === 'me' ? 'Recommended for you' : 'Recommended for this server', LIMITS.embedTitle),
    description: wholeLines(lines),
    footer: {
      text:
        `From ${lists}, not yet upvoted · learned from ${info.upvotes} upvote${info.upvotes === 1 ? '' : 's'} ` +
        `${scope === 'me' ? 'of yours' : 'in this server'}`,
    },
  };
}

/**
 * As many whole entries as fit in a description, and a count of the rest: 25 long titles with their explanations
 * pass Discord's 4,096 characters, and an entry cut in its middle would break its link.
 */
function wholeLines(lines: readonly string[]): string {
  const room = LIMITS.embedDescription - 60;
  let used = 0;
  let shown = 0;
  while (shown < lines.length && used + lines[shown]!.length + 1 <= room) used += lines[shown++]!.length + 1;
  const rest = lines.length - shown;
  return rest === 0
    ? lines.join('\n')
    : `${lines.slice(0, shown).join('\n')}\n…and ${rest} more that do not fit in one message`;
}

/** Too few upvotes to learn from: how many more are needed, before the week's top the member is shown instead. */
export function tooFewVotesText(scope: TasteScope, have: number, need: number, topShown: boolean): string {
  const missing = need - have;
  const whose = scope === 'me' ? 'your upvotes' : "this server's upvotes";
  const more =
    scope === 'me'
      ? `Upvote ${missing} more paper${missing === 1 ? '' : 's'} with the ▲ button`
      : `${missing} more paper${missing === 1 ? ' needs' : 's need'} an upvote here`;
  const then = topShown ? " Meanwhile, here is this week's top." : ' Nobody here upvoted a paper this week yet.';
  return (
    `Recommendations learn from ${whose} on papers of recent Daily Papers lists: ${have} so far, ${need} needed. ` +
    `${more} to get them.${then}`
  );
}
