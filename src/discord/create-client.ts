import { Client, GatewayIntentBits, Partials } from 'discord.js';

export interface ClientOptions {
  /** REST base such as https://discord.com/api; discord.js adds /v10. */
  apiUrl: string;
}

export function createDiscordClient({ apiUrl }: ClientOptions): Client {
  return new Client({
    // Reactions are the only messages-related events needed; MessageContent (privileged) never is.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessageReactions,
      // The reading club: members' interest in sessions and edits to them, polls ending, and messages in
      // papers' threads (counted, never read: no Message Content).
      GatewayIntentBits.GuildScheduledEvents,
      GatewayIntentBits.GuildMessagePolls,
      GatewayIntentBits.GuildMessages,
    ],
    // Without partials, reactions on messages posted before a restart (not in the cache) are dropped.
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    rest: { api: apiUrl },
    // Paper titles and abstracts are untrusted text: nothing the bot sends may ping anyone unless a
    // message opts in to a specific role.
    allowedMentions: { parse: [] },
  });
}
