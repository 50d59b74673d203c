import { pino } from 'pino';
import { loggerOptions, type Logger } from '../../src/log/logger.ts';

export interface CapturedLog {
  log: Logger;
  lines: Array<Record<string, unknown>>;
  text(): string;
}

/** A real pino logger, with the bot's redaction and serializers, whose JSON lines are kept in memory for assertions. */
export function captureLog(level = 'debug'): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const log = pino(loggerOptions(level), {
    write(s: string) {
      raw.push(s);
      lines.push(JSON.parse(s) as Record<string, unknown>);
    },
  });
  return { log, lines, text: () => raw.join('') };
}
