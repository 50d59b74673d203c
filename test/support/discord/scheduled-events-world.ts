/**
 * Test-side view and edits of guild scheduled events: what members do in Discord's UI (mark interest, a moderator
 * editing or cancelling an event), each announced on the gateway as Discord does.
 */
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import { automateEvents } from './event-automation.ts';
import {
  createEvent,
  deleteEvent,
  isFinished,
  scheduledEventJSON,
  setInterest,
  updateEvent,
  validateEventBody,
} from './scheduled-events.ts';
import type { ScheduledEventState } from './scheduled-events.ts';
import { memberJSON } from './serialize.ts';
import { compareSnowflakes } from './snowflake.ts';
import { WorldEditor } from './world.ts';

/** A create or modify body as sent to REST (snake_case), e.g. `{ scheduled_start_time: iso, status: 2 }`. */
export type ScheduledEventBody = Record<string, unknown>;

export class ScheduledEventsEditor extends WorldEditor {
  /** A guild's scheduled events (default: first guild), with `user_count`. */
  scheduledEvents(guildId?: string): APIGuildScheduledEvent[] {
    const g = this.guild(guildId);
    return this.ctx.state.scheduledEvents
      .list(g.id)
      .map((e) => scheduledEventJSON(this.ctx.state, e, { withUserCount: true }));
  }

  /** One event by id, with `user_count`; throws when unknown. */
  scheduledEvent(eventId: string): APIGuildScheduledEvent {
    return scheduledEventJSON(this.ctx.state, this.#event(eventId), { withUserCount: true });
  }

  /**
   * A member creates an event in Discord's UI (validated like REST, without permission checks):
   * GUILD_SCHEDULED_EVENT_CREATE. `creatorId` defaults to the guild's first human member.
   */
  createScheduledEventAsUser(guildId: string, body: ScheduledEventBody, creatorId?: string): APIGuildScheduledEvent {
    const g = this.ctx.state.guild(guildId);
    const creator = this.ctx.state.ensureMember(g, creatorId).userId;
    const fields = validateEventBody(g, { privacy_level: 2, ...body }, this.ctx.state.now());
    return scheduledEventJSON(this.ctx.state, createEvent(this.ctx, g, fields, creator));
  }

  /**
   * A moderator edits an event in Discord's UI (e.g. a new `scheduled_start_time`, or `status: 4` to cancel).
   * Same validation and status rules as PATCH; GUILD_SCHEDULED_EVENT_UPDATE.
   */
  editScheduledEventAsUser(eventId: string, patch: ScheduledEventBody): APIGuildScheduledEvent {
    const event = this.#event(eventId);
    const fields = validateEventBody(this.ctx.state.guild(event.guildId), patch, this.ctx.state.now(), event);
    updateEvent(this.ctx, event, fields);
    return scheduledEventJSON(this.ctx.state, event, { withUserCount: true });
  }

  /** A moderator deletes an event: GUILD_SCHEDULED_EVENT_DELETE. */
  deleteScheduledEventAsUser(eventId: string): void {
    deleteEvent(this.ctx, this.#event(eventId));
  }

  /**
   * A member clicks "Interested": GUILD_SCHEDULED_EVENT_USER_ADD (nothing when already interested). The user must
   * be a member of the event's guild (default: its first human member), and the event not finished.
   */
  markInterested(eventId: string, userId?: string): void {
    const event = this.#event(eventId);
    if (isFinished(event)) throw new Error(`Scheduled event ${eventId} is finished`);
    setInterest(this.ctx, event, this.#member(event, userId), true);
  }

  /** A member withdraws interest: GUILD_SCHEDULED_EVENT_USER_REMOVE (nothing when not interested). */
  unmarkInterested(eventId: string, userId?: string): void {
    const event = this.#event(eventId);
    setInterest(this.ctx, event, this.#member(event, userId), false);
  }

  /**
   * Applies now what Discord does to events on its own by the emulator's clock (event-automation.ts). The emulator
   * also does this every 100 ms and before answering any scheduled-event request; a test that moved the clock
   * calls it to have the gateway events sent at once.
   */
  runEventAutomation(): void {
    automateEvents(this.ctx);
  }

  /**
   * A member connects to a voice or stage channel (`channelId`), moves, or disconnects (null): VOICE_STATE_UPDATE
   * (Guild Voice States intent). Discord ends an active event in a channel left empty for a few minutes.
   */
  setVoiceChannel(guildId: string, userId: string, channelId: string | null): void {
    const guild = this.ctx.state.guild(guildId);
    const member = guild.members.get(userId);
    if (!member) throw new Error(`User ${userId} is not a member of guild ${guildId}`);
    if (channelId !== null) {
      const type = guild.channel(channelId).type;
      if (type !== ChannelType.GuildVoice && type !== ChannelType.GuildStageVoice)
        throw new Error(`Channel ${channelId} is not a voice or stage channel`);
    }
    this.ctx.state.voice.set(guildId, userId, channelId, this.ctx.state.now());
    this.ctx.gateway.dispatch(
      GatewayDispatchEvents.VoiceStateUpdate,
      {
        guild_id: guildId,
        channel_id: channelId,
        user_id: userId,
        member: memberJSON(this.ctx.state, member),
        session_id: `voice-${userId}`,
        deaf: false,
        mute: false,
        self_deaf: false,
        self_mute: false,
        self_video: false,
        suppress: false,
        request_to_speak_timestamp: null,
      },
      GatewayIntentBits.GuildVoiceStates,
    );
  }

  /** Ids of the interested users, ascending. */
  interestedUsers(eventId: string): string[] {
    return [...this.#event(eventId).interested].sort(compareSnowflakes);
  }

  #event(eventId: string): ScheduledEventState {
    const event = this.ctx.state.scheduledEvents.byId.get(eventId);
    if (!event) throw new Error(`Unknown scheduled event ${eventId}`);
    return event;
  }

  #member(event: ScheduledEventState, userId?: string): string {
    const guild = this.ctx.state.guild(event.guildId);
    if (userId === undefined) return this.ctx.state.ensureMember(guild).userId;
    if (!guild.members.has(userId)) throw new Error(`User ${userId} is not a member of guild ${guild.id}`);
    return userId;
  }
}
