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
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' } };
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
