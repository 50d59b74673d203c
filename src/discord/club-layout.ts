import type {
  APIEmbed,
  APIMessage,
  ApplicationCommandOptionChoiceData,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import type {
  AnnouncementBody,
  CancelledBody,
  PollBody,
  ReminderBody,
  StartingBody,
  WinnerBody,
} from '../club/club-bodies.ts';
import type { ClubLayout } from '../club/club-ledger.ts';
import type { ClubPost } from '../club/club-post-store.ts';
import type { Session } from '../club/session-store.ts';
import { firstSentences, truncate } from '../format/text.ts';
import type { Paper } from '../papers/paper.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import { neutraliseMentions } from '../summaries/mention-safe.ts';
import { encodeCustomId } from './custom-id.ts';
import { LIMITS } from './limits.ts';
import { markdownUrl, safeText } from './safe-links.ts';

export const POLL_QUESTION = 'What should we read next?';

const CLUB_COLOR = 0x5865f2;
const at = (iso: string, style: 'F' | 'R' | 'f' = 'F') => `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
export const eventUrl = (guildId: string, eventId: string) => `https://discord.com/events/${guildId}/${eventId}`;
const paperLink = (paperId: string, t: string) =>
  `[${truncate(safeText(t), 200)}](${markdownUrl(arxivLinks(paperId).hf)})`;

/** A session's event name: the paper's title, cut to Discord's 100 characters. */
export const eventName = (paperTitle: string) => truncate(paperTitle.replace(/\s+/g, ' ').trim(), LIMITS.eventName);

/** A session's event description: the short summary, then the Hugging Face and arXiv links; 1,000 at most. */
export function eventDescription(paper: Pick<Paper, 'id' | 'aiSummary' | 'abstract'>): string {
  const links = arxivLinks(paper.id);
  const tail = `\n\n${links.hf}\n${links.abs}`;
  const summary = paper.aiSummary?.trim() || firstSentences(paper.abstract, 400);
  return truncate(summary, LIMITS.eventDescription - tail.length) + tail;
}

/** What is left of a message's 2,000 characters beside a line of mentions. */
const room = (mentions: string) => LIMITS.content - mentions.length - 1;

function render(post: ClubPost): RESTPostAPIChannelMessageJSONBody {
  const none = { parse: [] as [] };
  switch (post.kind) {
    case 'announcement': {
      const b = post.body as AnnouncementBody;
      const where = b.voiceChannelId ? ` in <#${b.voiceChannelId}>` : ' here';
      const when = `${at(b.startsAt)} (${at(b.startsAt, 'R')})`;
      return {
        content:
          `📅 Reading session on ${paperLink(b.paperId, b.title)}: ${when}${where}. ` +
          `Mark yourself interested to be reminded: ${eventUrl(b.guildId, b.eventId)}`,
        allowed_mentions: none,
      };
    }
    case 'reminder': {
      const b = post.body as ReminderBody;
      const users = b.userIds.slice(0, LIMITS.mentionedUsers);
      const soon = b.mark === '1h' ? 'In an hour' : 'Tomorrow';
      const head = `⏰ ${soon}: the reading session on ${paperLink(b.paperId, b.title)} starts ${at(b.startsAt, 'R')}.`;
      const mentions = users.map((u) => `<@${u}>`).join(' ');
      return {
        // The mentions come first in length: the title is cut to leave them room.
        content: `${truncate(`${head} ${eventUrl(b.guildId, b.eventId)}`, room(mentions))}\n${mentions}`,
        allowed_mentions: { parse: [], users },
      };
    }
    case 'starting': {
      const b = post.body as StartingBody;
      const event = eventUrl(b.guildId, b.eventId);
      return {
        content: `▶️ Starting now: the reading session on ${paperLink(b.paperId, b.title)}. ${event}`,
        allowed_mentions: none,
      };
    }
    case 'cancelled': {
      const b = post.body as CancelledBody;
      return {
        content: `✖️ The reading session on ${paperLink(b.paperId, b.title)} (${at(b.startsAt)}) is cancelled.`,
        allowed_mentions: none,
      };
    }
    case 'poll': {
      const b = post.body as PollBody;
      const lines = b.paperIds.map((id, i) => `${i + 1}. ${paperLink(id, b.titles[i] ?? id)}`);
      return {
        content: truncate(
          `📊 The server's most upvoted papers this ${b.period}, not yet read:\n${lines.join('\n')}`,
          LIMITS.content,
        ),
        poll: {
          question: { text: POLL_QUESTION },
          answers: b.titles.map((t, i) => ({ poll_media: { text: pollAnswer(i + 1, t) } })),
          duration: b.hours,
          allow_multiselect: false,
        },
        allowed_mentions: none,
      };
    }
    case 'winner': {
      const b = post.body as WinnerBody;
      const embed: APIEmbed = {
        color: CLUB_COLOR,
        title: truncate(`Next read: ${neutraliseMentions(b.title)}`, LIMITS.embedTitle),
        url: arxivLinks(b.paperId).hf,
        description: `Won the poll with ${b.pollVotes} of ${b.totalVotes} votes.`,
      };
      return {
        embeds: [embed],
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: 'Schedule it',
                custom_id: encodeCustomId('club', 'schedule-it', b.paperId),
              },
            ],
          },
        ],
        allowed_mentions: none,
      };
    }
  }
}

/** A poll answer: the number matching the list above it, then the title cut to Discord's 55 characters. */
export const pollAnswer = (n: number, t: string) =>
  truncate(`${n}. ${t.replace(/\s+/g, ' ').trim()}`, LIMITS.pollAnswer);

export const clubLayout: ClubLayout = {
  render,
  // Only after Discord forgot the nonce: the same content (or poll question, or winner title) is this post.
  isRenderingOf(post, message: APIMessage) {
    const body = render(post);
    if (body.poll) return message.poll?.question.text === body.poll.question.text && message.content === body.content;
    if (body.embeds) return message.embeds[0]?.title === body.embeds[0]?.title;
    return message.content === body.content;
  },
};

/** What the member who scheduled a session is told, privately: the paper, when, where it is announced, the event. */
export function scheduledReply(paperTitle: string, session: Session): string {
  return (
    `Scheduled the reading session on **${safeText(truncate(paperTitle, 200))}** for ${at(session.startsAt)} ` +
    `(${at(session.startsAt, 'R')}), announced in <#${session.threadId}>. ` +
    `Event: ${eventUrl(session.guildId, session.eventId)}`
  );
}

/** The server's upcoming (or past) sessions as one embed: paper, start, where, interest, the event's link. */
export function sessionsEmbed(
  heading: string,
  sessions: readonly Session[],
  names: { title(paperId: string): string; interested(eventId: string): number | null },
  footer: string,
): APIEmbed {
  const text = sessions.map((s) => {
    const interested = names.interested(s.eventId);
    const count = interested === null ? '' : ` · ${interested} interested`;
    const event = `[event](${eventUrl(s.guildId, s.eventId)})`;
    const where = s.voiceChannelId ?? s.threadId;
    return `${paperLink(s.paperId, names.title(s.paperId))}\n${at(s.startsAt)} in <#${where}>${count} · ${event}`;
  });
  return {
    color: CLUB_COLOR,
    title: heading,
    description: truncate(text.join('\n\n'), LIMITS.embedDescription),
    footer: { text: footer },
  };
}

/** Autocomplete choices for sessions: the start (UTC) and the paper's title shown, the event id sent back. */
export function sessionChoices(
  matches: readonly { session: Session; title: string }[],
): ApplicationCommandOptionChoiceData<string>[] {
  return matches.slice(0, LIMITS.autocompleteChoices).map(({ session, title }) => ({
    name: truncate(`${session.startsAt.slice(0, 16).replace('T', ' ')} UTC · ${title}`, LIMITS.choiceName),
    value: session.eventId,
  }));
}
