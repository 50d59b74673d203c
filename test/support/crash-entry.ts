import { installCrashHandlers } from '../../src/app/crash-handlers.ts';
import { createLogger } from '../../src/log/logger.ts';

/**
 * A test-only process with the crash handlers src/main.ts installs: `crash-entry.ts rejection|exception`
 * leaves a promise rejection unhandled, or throws from a timer, and then would go on running (an interval
 * keeps it alive). The handlers must log it and end the process with a non-zero code.
 */
const log = createLogger({ level: 'info', pretty: false });
installCrashHandlers(log);
const alive = setInterval(() => log.info('still running'), 200);
setTimeout(() => clearInterval(alive), 10_000);
if (process.argv[2] === 'exception') {
  setTimeout(() => {
    throw new Error('a timer failed in the middle of a delivery');
  }, 50);
} else {
  setTimeout(() => void Promise.reject(new Error('a promise nobody awaited failed')), 50);
}
