/**
 * An expected failure whose message is written for the member who ran the command: it is shown to
 * them as it is (ephemerally). Anything else that a handler throws is an internal error and is never shown.
 */
export class UserError extends Error {
  override name = 'UserError';
}
