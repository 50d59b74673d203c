import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log/logger.ts';
import { deliverLateArrivals, resumePending, runDueSubscriptions, type RunContext } from '../delivery/run-deliveries.ts';
import { runWeeklyDigests, type WeeklyContext } from '../weekly/run-weekly.ts';

// Every scheduled job the bot runs is registered here, and only here.
export const JOB_SCHEDULES = {
  /**
   * Due subscriptions (each at its own time and time zone), catch-up, retries of unsent posts, and due
   * weekly digests: all decided from the database each minute, so settings apply without a restart.
   */
  deliveries: '* * * * *',
  /** Re-fetch today's list and post late arrivals. */
  lateArrivals: '*/30 * * * *',
} as const;

export interface Jobs {
  /** Runs the every-minute work once, now (at start-up: catch-up and resuming a crash). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function registerJobs(
  ctx: RunContext & WeeklyContext & { log: Logger },
  track: <T>(work: Promise<T>) => Promise<T>,
  { cron: useCron = true }: { cron?: boolean } = {},
): Jobs {
  let stopped = false;
  const guard = (name: string, work: () => Promise<unknown>) => async () => {
    if (stopped) return;
    try {
      await track(work());
    } catch (err) {
      ctx.log.error({ err, job: name }, 'scheduled job failed');
    }
  };
  const tick = guard('deliveries', async () => {
    await resumePending(ctx);
    await runDueSubscriptions(ctx);
    await runWeeklyDigests(ctx);
  });
  const tasks: ScheduledTask[] = !useCron ? [] : [
    cron.schedule(JOB_SCHEDULES.deliveries, tick, { name: 'deliveries', noOverlap: true }),
    cron.schedule(JOB_SCHEDULES.lateArrivals, guard('late-arrivals', () => deliverLateArrivals(ctx)), { name: 'late-arrivals', noOverlap: true }),
  ];
  return {
    tick,
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
