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
     * Moves the event on to `status` (active, completed, or cancelled while scheduled). Idempotent: an event
     * already there, completed or cancelled is left alone, so a step repeated after a crash does nothing.
     * False when the event is gone.
     */
    async setStatus(guildId: string, eventId: string, status: GuildScheduledEventStatus): Promise<boolean> {
      const event = await get(guildId, eventId);
      if (!event) return false;
      const { Scheduled, Active, Completed, Canceled } = GuildScheduledEventStatus;
      if (event.status === status || event.status === Completed || event.status === Canceled) return true;
      const patch = (to: GuildScheduledEventStatus) =>
        rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body: { status: to } });
      try {
        // Discord completes only an active event.
        if (status === Completed && event.status === Scheduled) await patch(Active);
        await patch(status);
      } catch (err) {
        if (isUnknownEvent(err)) return false;
        throw err;
      }
      return true;
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
