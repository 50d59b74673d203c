import { time, TimestampStyles, type APIEmbed, type ApplicationCommandOptionChoiceData } from 'discord.js';
import { MAX_FOLLOWS, type Follow } from '../follows/follow.ts';
import { truncate } from '../format/text.ts';
import { LIMITS } from './limits.ts';

const quoted = (query: string) => `\`${truncate(query.replace(/`/g, "'"), 120)}\``;

/** `/follow list`: each follow, where it notifies, since when, and for a paused one why and how to resume it. */
export function followListEmbed(follows: readonly Follow[]): APIEmbed {
  if (follows.length === 0) {
    return {
      title: 'Your follows',
      description:
        'You follow nothing here yet. `/follow add query:…` tells you of every new paper a search finds, ' +
        'for example `/follow add query:"equivariant" rotation`.',
    };
  }
  const lines = follows.map((f) => {
    const where = f.delivery === 'dm' ? 'by DM' : `in <#${f.channelId}>`;
    const since = time(new Date(f.createdAt), TimestampStyles.ShortDate);
    const line = `**${f.id}.** ${quoted(f.query)} · ${where} · since ${since}`;
    if (!f.pausedReason) return line;
    const resume =
      f.delivery === 'dm'
        ? `open your DMs to this server and \`/follow add\` it again, or add it again with \`where:here\``
        : '`/follow add` it again in a channel where I can post, or with `where:dm`';
    return `${line}\n⏸ **Paused:** ${f.pausedReason}. To resume: ${resume}.`;
  });
  return {
    title: `Your follows (${follows.length} of ${MAX_FOLLOWS})`,
    description: truncate(lines.join('\n'), LIMITS.embedDescription),
    footer: { text: 'New papers only, one message per fetch · /follow remove to stop one' },
  };
}

/**
 * Follows as `/follow remove` suggests them: the query (a paused one marked), the follow's id as the value. Another
 * member's, offered to a moderator, are named after the channel they post in, given by `channelName`.
 */
export function followChoices(
  follows: readonly Follow[],
  channelName?: (channelId: string) => string | null,
): ApplicationCommandOptionChoiceData<string>[] {
  return follows.slice(0, LIMITS.autocompleteChoices).map((f) => {
    const where = channelName ? `#${channelName(f.channelId) ?? 'deleted-channel'} · ` : '';
    return {
      name: truncate(`${f.pausedReason ? '⏸ ' : ''}${where}${f.query}`, LIMITS.choiceName),
      value: String(f.id),
    };
  });
}
