import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';

export type SendFailure =
  /** The channel is gone: stop delivering to it. */
  | { kind: 'gone'; reason: string; code?: number }
  /**
   * Discord certainly did not post it (permissions, bad request): the papers may go out another time. `code` is
   * Discord's, when Discord refused it (not when the bot could not build the message).
   */
  | { kind: 'refused'; reason: string; code?: number }
  /** Discord may or may not have posted it (5xx, network): try again later with the same nonce. */
  | { kind: 'unknown'; reason: string };

/** Sorts a failed Discord request by what it means for exactly-once delivery. */
export function classifySendError(err: unknown): SendFailure {
  if (err instanceof DiscordAPIError) {
    const failure = describe(err);
    return failure.kind === 'unknown' || typeof err.code !== 'number' ? failure : { ...failure, code: err.code };
  }
  if (err instanceof HTTPError) return { kind: 'unknown', reason: `Discord error ${err.status}` };
  const code = (err as { code?: unknown } | null)?.code;
  return { kind: 'unknown', reason: `network error${typeof code === 'string' ? ` ${code}` : ''}` };
}

function describe(err: DiscordAPIError): SendFailure {
  switch (err.code) {
    case RESTJSONErrorCodes.UnknownChannel:
      return { kind: 'gone', reason: 'the channel was deleted' };
    case RESTJSONErrorCodes.MissingAccess:
      return { kind: 'refused', reason: 'the bot cannot see this channel (Missing Access): give it View Channel' };
    case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
      return { kind: 'refused', reason: 'the member does not accept direct messages from this server' };
    case RESTJSONErrorCodes.MissingPermissions:
      return {
        kind: 'refused',
        reason:
          'the bot lacks a permission here (Missing Permissions): it needs View Channel, Send Messages and ' +
          'Embed Links',
      };
    default:
      if (err.status >= 500) return { kind: 'unknown', reason: `Discord error ${err.status}` };
      return { kind: 'refused', reason: `Discord refused the message (${err.code}: ${err.message.slice(0, 200)})` };
  }
}
