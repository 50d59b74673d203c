import cron, { type ScheduledTask } from 'node-cron';
import { runClub } from '../club/run-club.ts';
import { planWeeklyPoll } from '../club/weekly-poll.ts';
import { deliverLateArrivals, runDueSubscriptions } from '../delivery/run-deliveries.ts';
import { planWeeklyDigests } from '../weekly/run-weekly.ts';
import type { BotContext } from './context.ts';

// Every scheduled job the bot runs is registered here, and only here.
export const JOB_SCHEDULES = {
  /**
   * Due subscriptions (each at its own time and time zone), catch-up, retries of unsent posts, due weekly
   * digests, the reading club's reminders, starts, ends and finished polls, and follows' notifications of papers
   * stored since the last tick: all decided from the database each minute, so settings apply without a restart.
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

export function registerJobs(ctx: BotContext, { cron: useCron = true }: { cron?: boolean } = {}): Jobs {
  let stopped = false;
  const guard = (name: string, work: () => Promise<unknown>) => async () => {
    if (stopped) return;
    try {
      await ctx.track(work());
    } catch (err) {
      ctx.log.error({ err, job: name }, 'scheduled job failed');
    }
  };
  // Each step runs even when another failed; within a step, one server's failure is logged and skipped.
  const step = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      ctx.log.error({ err, job: name }, 'scheduled job failed');
    }
  };
  const tick = guard('deliveries', async () => {
    await step('resume', () => ctx.outbox.resume());
    await step('deliveries', () => runDueSubscriptions(ctx));
    // A server's weekly poll is recorded with its digest, and sent after it (the club's ledger comes later).
    const planned = () => planWeeklyDigests(ctx, (digest) => planWeeklyPoll(ctx, digest));
    await step('weekly', () => Promise.all(planned().map((channelId) => ctx.outbox.send(channelId))));
    await step('club', () => runClub(ctx.club));
    // Papers another process stored (`paperboy ingest`) reach follows here, within the minute.
    await step('follows', () => ctx.follows.notifier.run());
  });
  const tasks: ScheduledTask[] = !useCron
    ? []
    : [
        cron.schedule(JOB_SCHEDULES.deliveries, tick, { name: 'deliveries', noOverlap: true }),
        cron.schedule(
          JOB_SCHEDULES.lateArrivals,
          guard('late-arrivals', () => deliverLateArrivals(ctx)),
          {
            name: 'late-arrivals',
            noOverlap: true,
          },
        ),
      ];
  return {
    tick,
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => Promise.resolve(t.destroy())));
    },
  };
}
