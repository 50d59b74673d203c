/** Create DM: POST /users/@me/channels { recipient_id } returns the one DM channel with that user. */
import type { EmulatorContext } from './context.ts';
import { dmChannelJSON, openDmChannel } from './dms.ts';
import { Errors } from './http-io.ts';
import { FormErrors } from './limits.ts';
import type { RestRouter } from './rest-router.ts';
import { isSnowflake } from './snowflake.ts';

export function registerDmRoutes(router: RestRouter, ctx: EmulatorContext): void {
  const { state } = ctx;
  router.post('/users/@me/channels', ({ body }) => {
    const raw: unknown = body && typeof body === 'object' ? (body as Record<string, unknown>).recipient_id : undefined;
    const e = new FormErrors();
    if (e.required(['recipient_id'], raw)) {
      const id = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
      if (!isSnowflake(id)) {
        e.add(['recipient_id'], 'NUMBER_TYPE_COERCE', `Value "${String(raw)}" is not snowflake.`);
      }
    }
    e.throwIfAny();
    const userId = String(raw);
    // Discord opens the channel for any existing user, even one without a mutual guild; sending decides.
    if (!state.users.has(userId)) throw Errors.unknownUser();
    return dmChannelJSON(state, openDmChannel(state, userId));
  });
}
