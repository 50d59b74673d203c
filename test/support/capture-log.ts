import { pino } from 'pino';
import type { Logger } from '../../src/log/logger.ts';

export interface CapturedLog {
  log: Logger;
  lines: Array<Record<string, unknown>>;
  text(): string;
}

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLog(level = 'debug'): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const log = pino(
    { level, redact: { paths: ['token', '*.token', 'authorization', '*.authorization'], censor: '[redacted]' } },
    {
      write(s: string) {
        raw.push(s);
        lines.push(JSON.parse(s) as Record<string, unknown>);
      },
    },
  );
  return { log, lines, text: () => raw.join('') };
}
