import { Client, GatewayIntentBits, Options, Partials, type ClientOptions } from 'discord.js';

export interface DiscordClientOptions {
  /** REST base such as https://discord.com/api; discord.js adds /v10. */
  apiUrl: string;
}

/**
 * Users kept in memory at most (the oldest seen goes first). A reaction removal names only the user, and a user
 * the cache still knows need not be fetched to tell whether it is a bot; beyond that, members' messages would grow
 * the cache with every author the bot ever saw.
 */
export const MAX_CACHED_USERS = 10_000;

/**
 * What discord.js keeps of what the gateway sends. The bot reads the gateway's events and Discord's REST answers,
 * not the caches, except for the servers, their channels and roles and its own member (permissions are computed
 * from them), and the scheduled events (a deletion of an event the cache does not hold is not emitted without a
 * partial). Messages are only counted, by id, so none is kept: with the Guild Messages intent discord.js's
 * default keeps 200 per channel, in every channel of every server. Reactions, polls' updates, deletions and
 * component clicks all arrive as events, partial messages when uncached (see `partials`). Members, presences,
 * voice states, emoji, stickers, invites and the rest are not used.
 */
export const CACHE_LIMITS = {
  MessageManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
  UserManager: { maxSize: MAX_CACHED_USERS, keepOverLimit: (user) => user.id === user.client.user.id },
  ThreadMemberManager: 0,
  PresenceManager: 0,
  VoiceStateManager: 0,
  GuildEmojiManager: 0,
  GuildStickerManager: 0,
  GuildInviteManager: 0,
  GuildBanManager: 0,
  StageInstanceManager: 0,
  AutoModerationRuleManager: 0,
  ApplicationCommandManager: 0,
  ApplicationEmojiManager: 0,
  EntitlementManager: 0,
} satisfies Parameters<typeof Options.cacheWithLimits>[0];

export function discordClientOptions({ apiUrl }: DiscordClientOptions): ClientOptions {
  return {
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
    // Without partials, reactions on messages posted before a restart (not in the cache) are dropped; with no
    // message cache, that is every message.
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel],
    // As many shards as GET /gateway/bot recommends (one per 1,000 servers or so), all in this process: past 2,500
    // servers on one connection Discord closes it (4011 Sharding required).
    shards: 'auto',
    makeCache: Options.cacheWithLimits(CACHE_LIMITS),
    // Archived threads leave the cache (discord.js's default sweeper).
    sweepers: Options.DefaultSweeperSettings,
    rest: { api: apiUrl },
    // Paper titles and abstracts are untrusted text: nothing the bot sends may ping anyone unless a
    // message opts in to a specific role.
    allowedMentions: { parse: [] },
  };
}

export function createDiscordClient(options: DiscordClientOptions): Client {
  return new Client(discordClientOptions(options));
}
