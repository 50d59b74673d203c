import {
  DiscordAPIError,
  GuildScheduledEventStatus,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildScheduledEvent,
  type APIGuildScheduledEventUser,
  type REST,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord.js';

/** The most interested members read for one reminder (ten pages of Discord's 100). */
const MAX_INTERESTED = 1_000;

const isUnknownEvent = (err: unknown) =>
  err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownGuildScheduledEvent;

export type ScheduledEvents = ReturnType<typeof createScheduledEvents>;

/** Discord's scheduled events, as the reading club uses them. */
export function createScheduledEvents(rest: REST) {
  const get = async (guildId: string, eventId: string): Promise<APIGuildScheduledEvent | null> => {
    try {
      return (await rest.get(Routes.guildScheduledEvent(guildId, eventId))) as APIGuildScheduledEvent;
    } catch (err) {
      if (isUnknownEvent(err)) return null;
      throw err;
    }
  };
  return {
    create: async (guildId: string, body: RESTPostAPIGuildScheduledEventJSONBody): Promise<APIGuildScheduledEvent> =>
      (await rest.post(Routes.guildScheduledEvents(guildId), { body })) as APIGuildScheduledEvent,
    get,
    list: async (guildId: string): Promise<APIGuildScheduledEvent[]> =>
      (await rest.get(Routes.guildScheduledEvents(guildId), {
        query: new URLSearchParams({ with_user_count: 'true' }),
      })) as APIGuildScheduledEvent[],
    /**
     * Moves the event on to `status` (active, completed, or cancelled while scheduled) and returns it as it is then;
     * null when it is gone. Idempotent: an event already there, completed or cancelled is left alone, so a step
     * repeated after a crash does nothing. Discord also moves events on by itself: when it finished the event
     * between the read and the change, the finished event is returned.
     */
    async setStatus(
      guildId: string,
      eventId: string,
      status: GuildScheduledEventStatus,
    ): Promise<APIGuildScheduledEvent | null> {
      let event = await get(guildId, eventId);
      const { Scheduled, Active, Completed, Canceled } = GuildScheduledEventStatus;
      const finished = (e: APIGuildScheduledEvent) => e.status === Completed || e.status === Canceled;
      if (!event || event.status === status || finished(event)) return event;
      const patch = async (to: GuildScheduledEventStatus) =>
        (await rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
          body: { status: to },
        })) as APIGuildScheduledEvent;
      try {
        // Discord completes only an active event.
        if (status === Completed && event.status === Scheduled) event = await patch(Active);
        return await patch(status);
      } catch (err) {
        if (isUnknownEvent(err)) return null;
        const now = err instanceof DiscordAPIError && err.status === 400 ? await get(guildId, eventId) : undefined;
        if (now === null || (now && finished(now))) return now;
        throw err;
      }
    },
    /** The ids of the members marked interested, read page by page (100 a page), at most 1,000. */
    async interested(guildId: string, eventId: string): Promise<string[]> {
      const ids: string[] = [];
      let after: string | undefined;
      while (ids.length < MAX_INTERESTED) {
        const query = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
        const page = (await rest.get(Routes.guildScheduledEventUsers(guildId, eventId), {
          query,
        })) as APIGuildScheduledEventUser[];
        ids.push(...page.map((u) => u.user.id));
        if (page.length < 100) break;
        after = page[page.length - 1]!.user.id;
      }
      return ids;
    },
  };
}
