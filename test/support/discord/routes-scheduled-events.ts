/** REST routes of guild scheduled events: list, create, get, modify, delete, and the interested users. */
import type { APIGuildScheduledEventUser } from 'discord-api-types/v10';
import { knownGuild } from './context.ts';
import { automateEvents } from './event-automation.ts';
import type { EmulatorContext } from './context.ts';
import { FormErrors, limitParam } from './limits.ts';
import type { RestRouter } from './rest-router.ts';
import {
  createEvent,
  deleteEvent,
  isFinished,
  pageInterested,
  requireEventPermissions,
  scheduledEventJSON,
  SCHEDULED_EVENT_LIMITS,
  updateEvent,
  validateEventBody,
} from './scheduled-events.ts';
import { memberJSON } from './serialize.ts';
import { isSnowflake } from './snowflake.ts';

export function registerScheduledEventRoutes(router: RestRouter, ctx: EmulatorContext): void {
  const { state } = ctx;
  const store = state.scheduledEvents;
  const flag = (v: string | undefined) => v === 'true' || v === '1' || v === 'True';

  // Whatever Discord would have done on its own by now is done before it answers.
  const knownGuildNow = (id: string | undefined) => {
    automateEvents(ctx);
    return knownGuild(state, id);
  };
  router
    .get('/guilds/:guild/scheduled-events', ({ params, query }) => {
      const g = knownGuildNow(params.guild);
      const withUserCount = flag(query.with_user_count);
      // Discord lists the events still to come or under way; finished ones are only reachable by id.
      return store
        .list(g.id)
        .filter((e) => !isFinished(e))
        .map((e) => scheduledEventJSON(state, e, { withUserCount }));
    })
    .post('/guilds/:guild/scheduled-events', ({ params, body }) => {
      const g = knownGuildNow(params.guild);
      const fields = validateEventBody(g, body, state.now());
      requireEventPermissions(state, g, fields, true);
      return scheduledEventJSON(state, createEvent(ctx, g, fields, state.bot.id));
    })
    .get('/guilds/:guild/scheduled-events/:event', ({ params, query }) => {
      const g = knownGuildNow(params.guild);
      return scheduledEventJSON(state, store.inGuild(g.id, params.event), {
        withUserCount: flag(query.with_user_count),
      });
    })
    .patch('/guilds/:guild/scheduled-events/:event', ({ params, body }) => {
      const g = knownGuildNow(params.guild);
      const event = store.inGuild(g.id, params.event);
      const own = event.creatorId === state.bot.id;
      requireEventPermissions(state, g, event, own);
      const fields = validateEventBody(g, body, state.now(), event);
      requireEventPermissions(state, g, fields, own);
      updateEvent(ctx, event, fields);
      return scheduledEventJSON(state, event);
    })
    .delete('/guilds/:guild/scheduled-events/:event', ({ params }) => {
      const g = knownGuildNow(params.guild);
      const event = store.inGuild(g.id, params.event);
      requireEventPermissions(state, g, event, event.creatorId === state.bot.id);
      deleteEvent(ctx, event);
      return undefined;
    })
    .get('/guilds/:guild/scheduled-events/:event/users', ({ params, query }) => {
      const g = knownGuildNow(params.guild);
      const event = store.inGuild(g.id, params.event);
      const e = new FormErrors();
      const limit = limitParam(e, query.limit, SCHEDULED_EVENT_LIMITS.usersPage, SCHEDULED_EVENT_LIMITS.usersPage);
      for (const key of ['before', 'after'] as const) {
        const v = query[key];
        if (v !== undefined && !isSnowflake(v)) e.add([key], 'NUMBER_TYPE_COERCE', `Value "${v}" is not snowflake.`);
      }
      e.throwIfAny();
      const withMember = flag(query.with_member);
      return pageInterested(event, { limit, before: query.before, after: query.after }).map((userId) => {
        const member = g.members.get(userId);
        const item: APIGuildScheduledEventUser = {
          guild_scheduled_event_id: event.id,
          user: state.users.get(userId)!,
        };
        if (withMember && member) {
          const { user: _user, ...rest } = memberJSON(state, member);
          item.member = rest as APIGuildScheduledEventUser['member'];
        }
        return item;
      });
    });
}
