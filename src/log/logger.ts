import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

// Anything that looks like a credential is censored wherever it appears in a log object.
const REDACT = ['token', 'DISCORD_TOKEN', 'HF_TOKEN', 'SUMMARY_API_KEY', 'authorization', '*.token', '*.authorization', 'headers.authorization', 'config.DISCORD_TOKEN', 'config.HF_TOKEN', 'config.SUMMARY_API_KEY'];

/** JSON lines when stdout is not a terminal (for log collectors), readable lines on a terminal. */
export function createLogger(level: LevelWithSilent = 'info', pretty = Boolean(process.stdout.isTTY)): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
