/** Interaction callback and interaction-webhook routes (no bot auth, exempt from the global limit). */
import type { EmulatorContext } from './context.ts';
import { Errors } from './http-io.ts';
import type { InteractionRegistry } from './interactions.ts';
import { RouteResult } from './rest-router.ts';
import type { RestRouter } from './rest-router.ts';

/** Interaction tokens (and their webhooks) stay valid for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60_000;

export function registerInteractionRoutes(
  router: RestRouter,
  ctx: EmulatorContext,
  interactions: InteractionRegistry,
): void {
  const webhook = (params: Record<string, string>) => {
    const rec = params.app === ctx.state.applicationId ? interactions.byToken(params.token!) : undefined;
    if (!rec || ctx.state.now() - rec.dispatchedAt > TOKEN_LIFETIME_MS) throw Errors.unknownWebhook();
    return rec;
  };
  const open = { auth: false };
  router
    .post(
      '/interactions/:id/:token/callback',
      ({ params, query, body, files }) => {
        const withResponse = query.with_response === 'true';
        const result = interactions.callback(params.id!, params.token!, body, files, withResponse);
        return withResponse ? new RouteResult(200, result) : undefined;
      },
      open,
    )
    .post(
      '/webhooks/:app/:token',
      ({ params, query, body, files }) => {
        const message = interactions.followup(webhook(params), body, files);
        return query.wait === 'true' ? message : undefined; // Discord's default is wait=false (204)
      },
      open,
    )
    .get(
      '/webhooks/:app/:token/messages/:message',
      ({ params }) => interactions.getMessage(webhook(params), params.message!),
      open,
    )
    .patch(
      '/webhooks/:app/:token/messages/:message',
      ({ params, body, files }) => interactions.editMessage(webhook(params), params.message!, body, files),
      open,
    )
    .delete(
      '/webhooks/:app/:token/messages/:message',
      ({ params }) => void interactions.deleteMessage(webhook(params), params.message!),
      open,
    );
}
