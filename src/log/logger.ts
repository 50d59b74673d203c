import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

// Anything that looks like a credential is censored wherever it appears in a log object.
const REDACT = [
  'token',
  'authorization',
  '*.token',
  '*.authorization',
  '*.headers.authorization',
  '*.DISCORD_TOKEN',
  '*.HF_TOKEN',
  '*.SUMMARY_API_KEY',
];

// Interaction tokens (and webhook tokens) travel in URL paths, which Discord REST errors carry (DiscordAPIError's
// `url`) and messages or stacks may repeat: /webhooks/<application id>/<token>/… and
// /interactions/<id>/<token>/callback. A token there lets anyone answer as the bot for 15 minutes.
const TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/\d+\/)[^/?#\s"'`]+/g;
const SERIALIZED_ERROR = Object.getPrototypeOf(pino.stdSerializers.err(new Error())) as object;

/** `text` with the token segment of any webhook or interaction path replaced by [redacted]. */
export const redactTokens = (text: string): string => text.replace(TOKEN_IN_PATH, '$1[redacted]');

/** Strings redacted through plain objects and arrays (copied, never the logged error itself), a few levels deep. */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === SERIALIZED_ERROR) {
    const err = value as Record<string, unknown>;
    for (const key in err) err[key] = scrub(err[key], depth + 1);
    return err;
  }
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

/** pino's error serializer, with tokens in URLs redacted from every string of the result (url, message, stack). */
const serializeError = (err: unknown): unknown => scrub(pino.stdSerializers.err(err as Error), 0);

/** Level, redaction and serializers of every Paperboy logger (exported for tests that capture lines). */
export const loggerOptions = (level: string) => ({
  level,
  redact: { paths: REDACT, censor: '[redacted]' },
  serializers: { err: serializeError },
});

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Readable lines instead of JSON; defaults to whether the output is a terminal. */
  pretty?: boolean;
  /** 1 for stdout (the bot), 2 for stderr (terminal commands, whose stdout is their output). */
  fd?: 1 | 2;
}

/** JSON lines when the output is not a terminal (for log collectors), readable lines on a terminal. */
export function createLogger({ level = 'info', fd = 1, pretty }: LoggerOptions = {}): Logger {
  const stream = fd === 1 ? process.stdout : process.stderr;
  const readable = pretty ?? Boolean(stream.isTTY);
  const options = loggerOptions(level);
  if (readable) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', destination: fd },
      },
    });
  }
  return pino(options, pino.destination({ fd, sync: true }));
}
