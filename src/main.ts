import { botConfigOrReport } from './config/env.ts';
import { installCrashHandlers } from './app/crash-handlers.ts';
import { createBot } from './app/start-bot.ts';
import { createLogger } from './log/logger.ts';
import { loginFailure } from './discord/login-failure.ts';

async function main(): Promise<number> {
  const config = botConfigOrReport();
  if (!config) return 1;
  const log = createLogger({ level: config.LOG_LEVEL });
  installCrashHandlers(log);
  const bot = await createBot({ config, log });
  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    log.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  try {
    await bot.start();
  } catch (err) {
    const reason = loginFailure(err);
    if (!reason) throw err;
    console.error(reason);
    await bot.stop().catch(() => undefined);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`Paperboy stopped: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
