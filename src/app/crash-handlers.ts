import type { Logger } from '../log/logger.ts';

/**
 * After a promise rejection nobody handled or an exception nobody caught, the process is in a state no code
 * planned for (a half-done delivery, a lock or a timer lost). Both are logged as fatal with the error, and the
 * process exits 1 at once: the supervisor restarts it, and a restart resumes exactly where the database says
 * (the outbox is built to survive kill -9). The log is synchronous, so the line is written before the exit.
 */
export function installCrashHandlers(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  const crash = (what: string) => (err: unknown) => {
    try {
      log.fatal({ err }, `${what}: stopping (exit code 1) so the supervisor restarts Paperboy`);
      log.flush();
    } finally {
      exit(1);
    }
  };
  process.on('unhandledRejection', crash('unhandled promise rejection'));
  process.on('uncaughtException', crash('uncaught exception'));
}
