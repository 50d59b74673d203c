import { Client, GatewayIntentBits, Partials } from 'discord.js';

export interface ClientOptions {
  /** REST base such as https://discord.com/api; discord.js adds /v10. */
  apiUrl: string;
}

export function createDiscordClient({ apiUrl }: ClientOptions): Client {
  return new Client({
    // Reactions are the only messages-related events needed; MessageContent (privileged) never is.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    // Without partials, reactions on messages posted before a restart (not in the cache) are dropped.
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    rest: { api: apiUrl },
    // Paper titles and abstracts are untrusted text: nothing the bot sends may ping anyone unless a
    // message opts in to a specific role.
    allowedMentions: { parse: [] },
  });
}
