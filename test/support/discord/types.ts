/** Public option, spec and record types of the Discord emulator. */
import type { APIEmbed, APIActionRowComponent, APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { PermissionInput } from './permissions.ts';

export interface RateLimitOptions {
  /** Requests per second per token outside interactions/webhooks (Discord: 50). */
  globalPerSecond?: number;
  /** Message creates per channel per 5 seconds (Discord: 5). */
  messagesPerChannelPer5s?: number;
  /** Length of the per-channel message window in ms (default 5000; tests may shorten it). */
  messageWindowMs?: number;
}

export interface DiscordEmulatorOptions {
  /** The bot token the emulator accepts (generated when omitted). */
  token?: string;
  /** Guilds the bot is in at login. Defaults to one guild with a #general channel. */
  guilds?: GuildSpec[];
  /** Delay added to every REST response, in ms (default 0), before the request is handled. */
  latencyMs?: number;
  /**
   * Delay between handling a REST request and its answer reaching the client, in ms (default 0): the request
   * has taken effect (a message is created, a gateway event dispatched) while the client still waits for it.
   */
  responseLatencyMs?: number;
  /** Emulate Discord rate limits (default false: unlimited, no bucket headers). */
  rateLimits?: boolean | RateLimitOptions;
  /** Gateway HELLO heartbeat_interval in ms (default 41250). */
  heartbeatIntervalMs?: number;
  /** Time an interaction may take to be acknowledged, in ms (default 3000). */
  interactionDeadlineMs?: number;
  /**
   * The clock Discord's side reads (ids, timestamps, polls' expiry, scheduled events' "in the past", interaction
   * tokens); default the system clock. A test gives the emulator and the bot the same one (test/support/clock.ts).
   */
  now?: () => Date;
  /** Bot username (default 'Paperboy'). */
  botName?: string;
  /** Privileged intents enabled for the app (default none: IDENTIFY asking for them is closed with 4014). */
  privilegedIntents?: ('GuildMembers' | 'GuildPresences' | 'MessageContent')[];
  /** Shards GET /gateway/bot recommends (default: one per 1,000 guilds, at least 1, as Discord). */
  recommendedShards?: number;
  /** GET /gateway/bot's session_start_limit.max_concurrency: shards that may IDENTIFY together (default 1). */
  maxConcurrency?: number;
  /** Guilds one session may hold; IDENTIFY for a shard with more is closed with 4011 (default 2,500, as Discord). */
  maxGuildsPerShard?: number;
}

/** Target of a permission overwrite: 'everyone', 'bot', a role id or name, or a member id. */
export interface OverwriteSpec {
  target: string;
  allow?: PermissionInput;
  deny?: PermissionInput;
}

export type ChannelKind = 'text' | 'announcement' | 'category' | 'forum' | 'voice' | 'stage';

export interface ChannelSpec {
  id?: string;
  name: string;
  kind?: ChannelKind;
  topic?: string | null;
  /** Parent category id or name. */
  parent?: string;
  overwrites?: OverwriteSpec[];
  position?: number;
  nsfw?: boolean;
}

export interface RoleSpec {
  id?: string;
  name: string;
  permissions?: PermissionInput;
  position?: number;
  color?: number;
  /** Whether anyone may ping the role (default false). */
  mentionable?: boolean;
}

export interface MemberSpec {
  id?: string;
  username?: string;
  globalName?: string | null;
  /** Role ids or names. */
  roles?: string[];
  bot?: boolean;
  nick?: string | null;
}

export interface GuildSpec {
  id?: string;
  name?: string;
  /** Permissions of @everyone (default: what a new guild grants). */
  everyonePermissions?: PermissionInput;
  /** Permissions of the bot's managed integration role (default: a typical invite). */
  botPermissions?: PermissionInput;
  /** Extra roles (names or ids) the bot member has besides its managed role. */
  botRoles?: string[];
  roles?: RoleSpec[];
  /** Default: [{ name: 'general' }]. */
  channels?: ChannelSpec[];
  /** Human members. The first one owns the guild; default: one member 'alice'. */
  members?: MemberSpec[];
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Decoded path without the /api/v10 prefix, e.g. '/users/@me'. */
  path: string;
  /** Route pattern that handled it, e.g. '/channels/:channel/messages' ('' when unknown). */
  route: string;
  query: Record<string, string>;
  /** Parsed JSON body (payload_json for multipart), or null. */
  body: unknown;
  files: RecordedFile[];
  /** HTTP status sent (0 while the request is still in flight). */
  status: number;
  /** Parsed response body, when JSON. */
  response: unknown;
  /** Date.now() at arrival. */
  at: number;
  /** Authorization header value, if any. */
  authorization: string | null;
}

export interface FaultSpec {
  method?: string;
  /** Matched against the decoded path (without /api/v10). A string must match exactly or be a prefix ending in '/'. */
  pathPattern: RegExp | string;
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Seconds, for 429 (default 1). Sent as Retry-After header and retry_after in the body. */
  retryAfter?: number;
  code?: number;
  message?: string;
  /** The `errors` tree of a 400 / 50035 Invalid Form Body, as Discord nests it (`{ field: { _errors: […] } }`). */
  errors?: Record<string, unknown>;
}

export interface SeedMessageSpec {
  id?: string;
  /** Author user id (default: the bot). */
  authorId?: string;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** When it was posted (default: now). */
  timestamp?: number;
  pinned?: boolean;
}

export interface EmulatorStats {
  requests: number;
  /** 429s produced by the emulated rate limits (not injected faults). */
  rateLimited: number;
  globalRateLimited: number;
  faultsServed: number;
  interactions: number;
  dispatches: number;
}
