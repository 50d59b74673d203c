/**
 * Guild scheduled events (API v10): the store, Discord's validation of create/modify bodies, the permission
 * rules, the status transitions, and the gateway announcements (GuildScheduledEvents intent).
 */
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import type { EmulatorContext } from './context.ts';
import { Errors } from './http-io.ts';
import { FormErrors, len, obj } from './limits.ts';
import { hasPermission } from './permissions.ts';
import { compareSnowflakes } from './snowflake.ts';
import type { EmulatorState, GuildState } from './state.ts';

export interface ScheduledEventState {
  id: string;
  guildId: string;
  channelId: string | null;
  creatorId: string;
  name: string;
  description: string | null;
  /** ISO8601 */
  start: string;
  end: string | null;
  status: GuildScheduledEventStatus;
  entityType: GuildScheduledEventEntityType;
  location: string | null;
  /** When it became ACTIVE (the emulator's clock), for Discord's ending of an empty voice or stage event. */
  activeSince: number | null;
  /** User ids of the members who marked themselves interested. */
  readonly interested: Set<string>;
}

/** Discord: at most 100 scheduled or active events per guild (30038). */
const MAX_UNFINISHED_EVENTS = 100;

export const SCHEDULED_EVENT_LIMITS = { name: 100, description: 1000, location: 100, usersPage: 100 } as const;

/** SCHEDULED -> ACTIVE | CANCELED, ACTIVE -> COMPLETED; COMPLETED and CANCELED are final. */
const TRANSITIONS: Record<GuildScheduledEventStatus, GuildScheduledEventStatus[]> = {
  [GuildScheduledEventStatus.Scheduled]: [GuildScheduledEventStatus.Active, GuildScheduledEventStatus.Canceled],
  [GuildScheduledEventStatus.Active]: [GuildScheduledEventStatus.Completed],
  [GuildScheduledEventStatus.Completed]: [],
  [GuildScheduledEventStatus.Canceled]: [],
};

export const isFinished = (e: ScheduledEventState): boolean =>
  e.status === GuildScheduledEventStatus.Completed || e.status === GuildScheduledEventStatus.Canceled;

export class ScheduledEventStore {
  readonly byId = new Map<string, ScheduledEventState>();

  /** A guild's events in creation (id) order. */
  list(guildId: string): ScheduledEventState[] {
    return [...this.byId.values()].filter((e) => e.guildId === guildId);
  }

  /** The event of that guild, or 10070. */
  inGuild(guildId: string, id: string | undefined): ScheduledEventState {
    const e = id ? this.byId.get(id) : undefined;
    if (!e || e.guildId !== guildId) throw Errors.unknownScheduledEvent();
    return e;
  }
}

export function scheduledEventJSON(
  state: EmulatorState,
  e: ScheduledEventState,
  opts: { withUserCount?: boolean } = {},
): APIGuildScheduledEvent {
  const creator = state.users.get(e.creatorId);
  return {
    id: e.id,
    guild_id: e.guildId,
    channel_id: e.channelId,
    creator_id: e.creatorId,
    name: e.name,
    description: e.description,
    scheduled_start_time: e.start,
    scheduled_end_time: e.end,
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    status: e.status,
    entity_type: e.entityType,
    entity_id: null,
    entity_metadata: e.entityType === GuildScheduledEventEntityType.External ? { location: e.location ?? '' } : null,
    image: null,
    recurrence_rule: null,
    ...(creator ? { creator } : {}),
    ...(opts.withUserCount ? { user_count: e.interested.size } : {}),
  } as APIGuildScheduledEvent;
}

/** The fields of an event after a create or modify body has been applied (not yet stored). */
type EventFields = Omit<ScheduledEventState, 'id' | 'guildId' | 'creatorId' | 'interested' | 'activeSince'>;

function parseTime(e: FormErrors, key: string, value: unknown): number | null {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    e.add([key], 'DATE_TYPE_PARSE', `Could not parse ${String(value)}. Should be ISO8601.`);
    return null;
  }
  return Date.parse(value);
}

/**
 * Validates a create (`current` absent) or modify body as Discord does, and returns the resulting fields.
 * Throws 400 / 180000 for any modify of a finished event, else 400 / 50035 with an `errors` tree.
 */
export function validateEventBody(
  guild: GuildState,
  body: unknown,
  now: number,
  current?: ScheduledEventState,
): EventFields {
  if (current && isFinished(current)) throw Errors.scheduledEventFinished();
  const b = obj(body);
  const has = (k: string) => k in b && b[k] !== undefined;
  const e = new FormErrors();

  // name
  let name = current?.name ?? '';
  if (!current || has('name')) {
    if (e.required(['name'], b.name)) {
      if (typeof b.name !== 'string') e.add(['name'], 'BASE_TYPE_STRING', 'Must be a string.');
      else if (len(b.name) > SCHEDULED_EVENT_LIMITS.name)
        e.add(['name'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${SCHEDULED_EVENT_LIMITS.name} in length.`);
      else name = b.name;
    }
  }

  // privacy_level: only GUILD_ONLY (2) exists
  if (!current || has('privacy_level')) {
    if (e.required(['privacy_level'], b.privacy_level) && b.privacy_level !== GuildScheduledEventPrivacyLevel.GuildOnly)
      e.add(['privacy_level'], 'BASE_TYPE_CHOICES', 'Value must be one of {2}.');
  }

  // description
  let description = current?.description ?? null;
  if (has('description')) {
    if (b.description === null || b.description === '') description = null;
    else if (typeof b.description !== 'string') e.add(['description'], 'BASE_TYPE_STRING', 'Must be a string.');
    else if (len(b.description) > SCHEDULED_EVENT_LIMITS.description)
      e.add(
        ['description'],
        'BASE_TYPE_MAX_LENGTH',
        `Must be ${SCHEDULED_EVENT_LIMITS.description} or fewer in length.`,
      );
    else description = b.description;
  }

  // entity_type
  let entityType = current?.entityType ?? GuildScheduledEventEntityType.External;
  let typeOk = true;
  if (!current || has('entity_type')) {
    if (!e.required(['entity_type'], b.entity_type)) typeOk = false;
    else if (![1, 2, 3].includes(b.entity_type as number)) {
      e.add(['entity_type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
      typeOk = false;
    } else entityType = b.entity_type as GuildScheduledEventEntityType;
  }
  const external = entityType === GuildScheduledEventEntityType.External;

  // times
  let start = current?.start ?? '';
  let startMs = current ? Date.parse(current.start) : null;
  if (!current || has('scheduled_start_time')) {
    if (e.required(['scheduled_start_time'], b.scheduled_start_time)) {
      startMs = parseTime(e, 'scheduled_start_time', b.scheduled_start_time);
      if (startMs !== null) {
        start = new Date(startMs).toISOString();
        if (startMs <= now)
          e.add(['scheduled_start_time'], 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
      }
    } else startMs = null;
  }
  let end = current?.end ?? null;
  if ('scheduled_end_time' in b) {
    end = null;
    if (b.scheduled_end_time !== null && b.scheduled_end_time !== undefined) {
      const endMs = parseTime(e, 'scheduled_end_time', b.scheduled_end_time);
      if (endMs !== null) end = new Date(endMs).toISOString();
    }
  }
  if (end !== null && startMs !== null && Date.parse(end) <= startMs)
    e.add(
      ['scheduled_end_time'],
      'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      'The scheduled end time must be after the start time.',
    );

  // channel_id and entity_metadata, by entity type
  let channelId = current?.channelId ?? null;
  if (has('channel_id')) channelId = b.channel_id as string | null;
  let location = current && current.entityType === entityType ? current.location : null;
  const metadata = b.entity_metadata;
  if (metadata !== undefined && metadata !== null) {
    const loc = obj(metadata).location;
    if (loc !== undefined) location = typeof loc === 'string' ? loc : null;
  }
  if (typeOk && external) {
    if (channelId !== null)
      e.add(['channel_id'], 'GUILD_SCHEDULED_EVENT_CHANNEL_NOT_ALLOWED', 'Must be null for external events.');
    if (location === null || location === '')
      e.add(['entity_metadata', 'location'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (len(location) > SCHEDULED_EVENT_LIMITS.location)
      e.add(
        ['entity_metadata', 'location'],
        'BASE_TYPE_BAD_LENGTH',
        `Must be between 1 and ${SCHEDULED_EVENT_LIMITS.location} in length.`,
      );
    if (end === null) e.add(['scheduled_end_time'], 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (typeOk) {
    location = null;
    if (e.required(['channel_id'], channelId)) {
      const channel = guild.channels.get(channelId!);
      const wanted =
        entityType === GuildScheduledEventEntityType.Voice ? ChannelType.GuildVoice : ChannelType.GuildStageVoice;
      if (!channel) e.add(['channel_id'], 'BASE_TYPE_CHOICES', 'Unknown channel.');
      else if (channel.type !== wanted)
        e.add(
          ['channel_id'],
          'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL_TYPE',
          entityType === GuildScheduledEventEntityType.Voice
            ? 'Channel must be a voice channel.'
            : 'Channel must be a stage channel.',
        );
    }
  }

  // status (modify only)
  let status = current?.status ?? GuildScheduledEventStatus.Scheduled;
  if (current && has('status')) {
    const next = b.status as GuildScheduledEventStatus;
    if (![1, 2, 3, 4].includes(next)) e.add(['status'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4}.');
    else if (next !== current.status && !TRANSITIONS[current.status].includes(next))
      e.add(
        ['status'],
        'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION',
        `Cannot change status from ${current.status} to ${next}.`,
      );
    else status = next;
  }
  e.throwIfAny();
  return { name, description, start, end, status, entityType, channelId, location };
}

/**
 * Create: Create Events (or Manage Events). Modify/delete: Create Events for the bot's own events, Manage Events
 * for others'. Channel events also need, in that channel, View Channel + Connect (voice) or Manage Channels +
 * Mute Members + Move Members (stage). Events permissions are taken in the channel, so overwrites count.
 */
export function requireEventPermissions(
  state: EmulatorState,
  guild: GuildState,
  fields: Pick<EventFields, 'entityType' | 'channelId'>,
  ownEvent: boolean,
): void {
  const botId = state.bot.id;
  const channelEvent = fields.entityType !== GuildScheduledEventEntityType.External && fields.channelId !== null;
  const perms = channelEvent ? state.permissionsIn(fields.channelId!, botId) : state.guildPermissions(guild, botId);
  const may = (flag: bigint) => hasPermission(perms, flag);
  const events = ownEvent
    ? may(PermissionFlagsBits.CreateEvents) || may(PermissionFlagsBits.ManageEvents)
    : may(PermissionFlagsBits.ManageEvents);
  if (!events) throw Errors.missingPermissions();
  const extra =
    fields.entityType === GuildScheduledEventEntityType.Voice
      ? [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.Connect]
      : fields.entityType === GuildScheduledEventEntityType.StageInstance
        ? [PermissionFlagsBits.ManageChannels, PermissionFlagsBits.MuteMembers, PermissionFlagsBits.MoveMembers]
        : [];
  for (const flag of extra) if (!may(flag)) throw Errors.missingPermissions();
}

const intent = GatewayIntentBits.GuildScheduledEvents;

/** Stores a new event from a validated body and dispatches GUILD_SCHEDULED_EVENT_CREATE. */
export function createEvent(
  ctx: EmulatorContext,
  guild: GuildState,
  fields: EventFields,
  creatorId: string,
): ScheduledEventState {
  const store = ctx.state.scheduledEvents;
  if (store.list(guild.id).filter((x) => !isFinished(x)).length >= MAX_UNFINISHED_EVENTS)
    throw Errors.tooManyScheduledEvents();
  const event: ScheduledEventState = {
    ...fields,
    status: GuildScheduledEventStatus.Scheduled,
    id: ctx.state.ids.next(),
    guildId: guild.id,
    creatorId,
    activeSince: null,
    interested: new Set(),
  };
  store.byId.set(event.id, event);
  ctx.gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventCreate, scheduledEventJSON(ctx.state, event), intent);
  return event;
}

/** Applies validated fields to an event and dispatches GUILD_SCHEDULED_EVENT_UPDATE. */
export function updateEvent(ctx: EmulatorContext, event: ScheduledEventState, fields: EventFields): void {
  if (fields.status === GuildScheduledEventStatus.Active && event.status !== fields.status)
    event.activeSince = ctx.state.now();
  Object.assign(event, fields);
  ctx.gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, scheduledEventJSON(ctx.state, event), intent);
}

/** Discord moves an event on by itself (see event-automation.ts): GUILD_SCHEDULED_EVENT_UPDATE. */
export function setStatus(ctx: EmulatorContext, event: ScheduledEventState, status: GuildScheduledEventStatus): void {
  updateEvent(ctx, event, { ...event, status });
}

export function deleteEvent(ctx: EmulatorContext, event: ScheduledEventState): void {
  ctx.state.scheduledEvents.byId.delete(event.id);
  ctx.gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventDelete, scheduledEventJSON(ctx.state, event), intent);
}

/** A member marks (or unmarks) interest: GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE; no event when nothing changes. */
export function setInterest(ctx: EmulatorContext, event: ScheduledEventState, userId: string, on: boolean): void {
  if (on === event.interested.has(userId)) return;
  if (on) event.interested.add(userId);
  else event.interested.delete(userId);
  ctx.gateway.dispatch(
    on ? GatewayDispatchEvents.GuildScheduledEventUserAdd : GatewayDispatchEvents.GuildScheduledEventUserRemove,
    { guild_scheduled_event_id: event.id, user_id: userId, guild_id: event.guildId },
    intent,
  );
}

/** Interested user ids in ascending id order, paged as Discord does (`before` wins over `after`). */
export function pageInterested(
  event: ScheduledEventState,
  opts: { limit: number; before?: string; after?: string },
): string[] {
  const all = [...event.interested].sort(compareSnowflakes);
  if (opts.before !== undefined) {
    const earlier = all.filter((id) => compareSnowflakes(id, opts.before!) < 0);
    return earlier.slice(Math.max(0, earlier.length - opts.limit));
  }
  const later = opts.after === undefined ? all : all.filter((id) => compareSnowflakes(id, opts.after!) > 0);
  return later.slice(0, opts.limit);
}
