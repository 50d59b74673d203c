import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { optional, timeoutMs } from './optional.ts';
import { refineSummaryEnv, summaryEnvShape } from './summary-env.ts';

/** How long one request to arXiv may take; the arXiv client's default too. */
export const DEFAULT_ARXIV_TIMEOUT_MS = 20_000;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `expected an http(s) URL ${what}` }).transform((u) => u.replace(/\/+$/, ''));

const snowflake = z.string().regex(/^\d{17,20}$/, { error: 'expected a Discord id (17 to 20 digits)' });

const baseShape = {
  DISCORD_API_URL: optional(httpUrl('such as https://discord.com/api').default('https://discord.com/api')),
  DEV_GUILD_ID: optional(snowflake.optional()),
  HF_ENDPOINT: optional(httpUrl('such as https://huggingface.co').default('https://huggingface.co')),
  HF_TOKEN: optional(z.string().optional()),
  ARXIV_ENDPOINT: optional(httpUrl('such as https://arxiv.org').default('https://arxiv.org')),
  ARXIV_TIMEOUT_MS: timeoutMs(DEFAULT_ARXIV_TIMEOUT_MS),
  DATABASE_PATH: optional(z.string().default('./data/paperboy.db')),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  ...summaryEnvShape,
};

const toolSchema = z
  .object({ ...baseShape, DISCORD_TOKEN: optional(z.string().optional()) })
  .superRefine(refineSummaryEnv);
const botSchema = z
  .object({
    ...baseShape,
    DISCORD_TOKEN: optional(
      z
        .string({ error: 'required: the bot token from the Discord Developer Portal (Bot > Reset Token)' })
        .regex(/^\S+$/, { error: 'expected a bot token without spaces' }),
    ),
  })
  .superRefine(refineSummaryEnv);

export type Config = z.infer<typeof toolSchema>;
export type BotConfig = z.infer<typeof botSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads `.env` from `dir` when present; real environment variables win over the file. */
export function readEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  dir = process.cwd(),
): Record<string, string | undefined> {
  const file = `${dir}/.env`;
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

function parse<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  // One line per problem, naming the variable; zod's messages here never echo the value, so no secret leaks.
  const problems = result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  throw new ConfigError(problems);
}

/** Configuration for the bot: everything, DISCORD_TOKEN included. */
export function loadBotConfig(env = readEnvironment()): BotConfig {
  return parse(botSchema, env);
}

/** Configuration for terminal commands, which never talk to Discord and so never need a token. */
export function loadToolConfig(env = readEnvironment()): Config {
  return parse(toolSchema, env);
}

/**
 * The bot's configuration, or null after printing one line per problem to stderr: what `npm start` and
 * `npm run deploy-commands` show before exiting 1.
 */
export function botConfigOrReport(env = readEnvironment()): BotConfig | null {
  try {
    return loadBotConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) console.error(`Configuration error: ${p}`);
    return null;
  }
}
