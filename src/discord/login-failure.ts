import { DiscordAPIError } from 'discord.js';

/** One line for a failure to log in that the operator can fix, or null for anything else. */
export function loginFailure(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid' || (err instanceof DiscordAPIError && err.status === 401)) {
    return (
      'Discord rejected the token (DISCORD_TOKEN): reset it in the Discord Developer Portal (Bot > Reset Token) ' +
      'and update your .env.'
    );
  }
  if (code === 'DisallowedIntents') {
    return (
      'Discord refused the gateway intents: Paperboy needs none of the privileged ones, ' +
      'so check the application settings.'
    );
  }
  const cause = (err as { cause?: { code?: string } } | null)?.cause?.code ?? (typeof code === 'string' ? code : null);
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') {
    return `Could not reach Discord (${cause}): check DISCORD_API_URL and the network.`;
  }
  return null;
}
