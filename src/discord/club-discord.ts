import {
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildScheduledEvent,
  type APIMessage,
  type GuildScheduledEvent,
  type PartialGuildScheduledEvent,
  type REST,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord.js';
import type { ClubEvents, EventState, NewEvent, PollResults } from '../club/run-club.ts';
import { eventDescription, eventName } from './club-layout.ts';
import type { ScheduledEvents } from './scheduled-events.ts';

const TO_DISCORD = {
  active: GuildScheduledEventStatus.Active,
  completed: GuildScheduledEventStatus.Completed,
  cancelled: GuildScheduledEventStatus.Canceled,
} as const;

/** The reading club's view of Discord's scheduled events. */
export const clubEvents = (events: ScheduledEvents): ClubEvents => ({
  create: async (guildId, event) => (await events.create(guildId, eventBody(guildId, event))).id,
  setStatus: async (guildId, eventId, status) =>
    orGone(eventId, await events.setStatus(guildId, eventId, TO_DISCORD[status])),
  interested: (guildId, eventId) => events.interested(guildId, eventId),
  list: async (guildId) => (await events.list(guildId)).map(eventState),
  get: async (guildId, eventId) => orGone(eventId, await events.get(guildId, eventId)),
});

const orGone = (eventId: string, e: APIGuildScheduledEvent | null): EventState =>
  e ? eventState(e) : { id: eventId, status: 'gone' };

/** A session's event: in its voice or stage channel, else an external event located at the paper's thread. */
function eventBody(guildId: string, e: NewEvent): RESTPostAPIGuildScheduledEventJSONBody {
  const common = {
    name: eventName(e.paper.title),
    description: eventDescription(e.paper),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    scheduled_start_time: e.startsAt.toISOString(),
    scheduled_end_time: e.endsAt.toISOString(),
  };
  if (!e.voiceChannel) {
    return {
      ...common,
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: `https://discord.com/channels/${guildId}/${e.threadId}` },
    };
  }
  return {
    ...common,
    channel_id: e.voiceChannel.id,
    entity_type: e.voiceChannel.stage
      ? GuildScheduledEventEntityType.StageInstance
      : GuildScheduledEventEntityType.Voice,
  };
}

const STATUS: Record<GuildScheduledEventStatus, Exclude<EventState['status'], 'gone'>> = {
  [GuildScheduledEventStatus.Scheduled]: 'scheduled',
  [GuildScheduledEventStatus.Active]: 'active',
  [GuildScheduledEventStatus.Completed]: 'completed',
  [GuildScheduledEventStatus.Canceled]: 'cancelled',
};

/** A scheduled event from the gateway (discord.js), as the club follows it. */
export const eventStateOf = (e: GuildScheduledEvent | PartialGuildScheduledEvent): EventState | null =>
  e.status === null || e.scheduledStartTimestamp === null
    ? null
    : {
        id: e.id,
        status: STATUS[e.status],
        startsAt: new Date(e.scheduledStartTimestamp).toISOString(),
        endsAt: e.scheduledEndTimestamp === null ? null : new Date(e.scheduledEndTimestamp).toISOString(),
      };

/** An event as the club follows it; times in the same ISO form the club stores. */
export function eventState(
  e: Pick<APIGuildScheduledEvent, 'id' | 'status' | 'scheduled_start_time' | 'scheduled_end_time'>,
): EventState {
  return {
    id: e.id,
    status: STATUS[e.status],
    startsAt: new Date(e.scheduled_start_time).toISOString(),
    endsAt: e.scheduled_end_time ? new Date(e.scheduled_end_time).toISOString() : null,
  };
}

/**
 * A poll message's results as Discord has them now; null when the bot can no longer see it (the message or its
 * channel deleted, or the bot's access to the channel taken away), which ends the poll's follow-up.
 */
export async function pollResults(rest: REST, channelId: string, messageId: string): Promise<PollResults | null> {
  let message: APIMessage;
  try {
    message = (await rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
  } catch (err) {
    const gone = [
      RESTJSONErrorCodes.UnknownMessage,
      RESTJSONErrorCodes.UnknownChannel,
      RESTJSONErrorCodes.MissingAccess,
    ] as unknown[];
    if (err instanceof DiscordAPIError && gone.includes(err.code)) return null;
    throw err;
  }
  return resultsOf(message.poll);
}

/** Counts per answer id from a poll payload (REST or gateway). */
export function resultsOf(poll: APIMessage['poll']): PollResults | null {
  if (!poll) return null;
  const counts = new Map<number, number>();
  for (const c of poll.results?.answer_counts ?? []) counts.set(c.id, c.count);
  return { finalized: poll.results?.is_finalized ?? false, counts };
}
