import { DiscordAPIError } from 'discord.js';

/** What the refused request was about, by the route it went to (first match wins). */
const SUBJECTS: readonly [RegExp, string][] = [
  [/\/scheduled-events/, 'the event'],
  [/\/threads/, 'the thread'],
  [/\/messages/, 'the message'],
  [/\/channels\//, 'the request to that channel'],
];

/** Fields of a request body, in a member's words. */
const FIELDS: Record<string, string> = {
  scheduled_start_time: 'the start time',
  scheduled_end_time: 'the end time',
  name: 'the name',
  description: 'the description',
  channel_id: 'the channel',
  'entity_metadata.location': 'the location',
  entity_type: 'the kind of event',
  content: 'the text',
  'poll.question.text': 'the poll question',
  'poll.duration': 'the poll duration',
};

/** Discord's codes for which its own sentence reads badly after a field name. */
const PHRASES: Record<string, string> = {
  GUILD_SCHEDULED_EVENT_SCHEDULE_PAST: 'is in the past',
  GUILD_SCHEDULED_EVENT_END_BEFORE_START: 'is before the start',
};

interface FieldError {
  code?: string;
  message: string;
}

function* leaves(tree: unknown, path: string): Generator<[string, FieldError]> {
  if (typeof tree !== 'object' || tree === null) return;
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const e of value as FieldError[]) if (typeof e?.message === 'string') yield [path, e];
    } else {
      yield* leaves(value, path ? (/^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`) : key);
    }
  }
}

/** Discord's sentence, to follow a colon: "Missing Permissions" reads "missing permissions", "Cannot …." "cannot …". */
const sentence = (text: string) => {
  const bare = text.replace(/\.$/, '');
  if (/^[A-Z][a-z]+( [A-Z][a-z]+)*$/.test(bare)) return bare.toLowerCase();
  return bare.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
};

/**
 * What Discord said when it refused a request the bot made for a member (a 400, or a 403 with an error code),
 * in plain words: "Discord refused the event: the start time is in the past". Null for anything else (a
 * network error, a 5xx, a 404, the bot's own interaction reply), which stays an internal error with a ref.
 */
export function discordRefusal(err: unknown): string | null {
  if (!(err instanceof DiscordAPIError) || (err.status !== 400 && err.status !== 403) || err.code === 0) return null;
  const path = new URL(err.url, 'http://x').pathname;
  if (/\/(interactions|webhooks)\//.test(path)) return null;
  const subject = SUBJECTS.find(([route]) => route.test(path))?.[1] ?? 'the request';
  const raw = err.rawError as { message?: string; errors?: unknown };
  const details = [...leaves(raw.errors, '')].map(([field, e]) => {
    const name = FIELDS[field.replace(/\[\d+\]/g, '')] ?? `\`${field}\``;
    const phrase = e.code ? PHRASES[e.code] : undefined;
    return phrase ? `${name} ${phrase}` : `${name}: ${sentence(e.message)}`;
  });
  const said = details.length > 0 ? details.join('; ') : sentence(raw.message ?? err.message);
  return `Discord refused ${subject}: ${said}.`;
}
