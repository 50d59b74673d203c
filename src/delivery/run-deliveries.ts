import { isDue, runDay } from '../schedule/due.ts';
import type { Subscription } from '../subscriptions/subscription.ts';
import { deliverDay, type DeliverContext } from './deliver-day.ts';
import type { DayFetcher } from './ensure-day.ts';

export interface RunContext extends DeliverContext {
  days: DayFetcher;
  now: () => Date;
  notify: (guildId: string, key: string, text: string) => Promise<void>;
}

/** A list fetched this recently is used as it is by a scheduled run. */
const FRESH_MS = 10 * 60_000;

function byDay(subs: readonly Subscription[], now: Date): Map<string, Subscription[]> {
  const groups = new Map<string, Subscription[]>();
  for (const s of subs) {
    const day = runDay(s, now);
    groups.set(day, [...(groups.get(day) ?? []), s]);
  }
  return groups;
}

async function fetchFor(ctx: RunContext, day: string, subs: readonly Subscription[], maxAgeMs: number): Promise<void> {
  const result = await ctx.days.ensure(day, maxAgeMs, 'scheduled');
  if (result?.outcome !== 'failed') return;
  const stored = ctx.papers.listDay(day, { top: 1 }).length > 0;
  const what = stored
    ? 'Posting what was stored earlier'
    : 'Papers will be posted once a later fetch works (every 30 minutes)';
  for (const guildId of new Set(subs.map((s) => s.guildId))) {
    await ctx
      .notify(
        guildId,
        `fetch-failed:${day}`,
        `Fetching the Hugging Face Daily Papers for ${day} failed: ${result.error}. ${what}.`,
      )
      .catch((err: unknown) => ctx.log.error({ err, guild: guildId }, 'could not note a failed fetch'));
  }
}

/**
 * One subscription's step of a job: its error (a time zone this runtime does not know, a corrupt row) is
 * logged with its server and channel, and the job goes on with the others.
 */
function forSubscription<T>(ctx: RunContext, sub: Subscription, fallback: T, step: () => T): T {
  try {
    return step();
  } catch (err) {
    ctx.log.error({ err, guild: sub.guildId, channel: sub.channelId }, 'skipped a subscription: it could not be read');
    return fallback;
  }
}

/** A day's fetch failing unexpectedly still lets its subscriptions post what is stored. */
async function fetchSafely(ctx: RunContext, day: string, subs: readonly Subscription[], maxAgeMs: number) {
  try {
    await fetchFor(ctx, day, subs, maxAgeMs);
  } catch (err) {
    ctx.log.error({ err, day }, 'fetching a day failed');
  }
}

/** Every subscription whose time has come (including those missed while the bot was down). */
export async function runDueSubscriptions(ctx: RunContext): Promise<number> {
  const now = ctx.now();
  const due = ctx.subscriptions.listEnabled().filter((s) => forSubscription(ctx, s, false, () => isDue(s, now)));
  const groups = byDay(due, now);
  await Promise.all(
    [...groups].map(async ([day, subs]) => {
      await fetchSafely(ctx, day, subs, FRESH_MS);
      await Promise.all(subs.map((s) => deliverSafely(ctx, s, day, 'scheduled')));
    }),
  );
  return due.length;
}

/**
 * The list fills in over the day: re-fetch today's and post late arrivals to the subscriptions that
 * already ran today, within their `top`.
 */
export async function deliverLateArrivals(ctx: RunContext): Promise<void> {
  const now = ctx.now();
  const ran = ctx.subscriptions
    .listEnabled()
    .filter((s) => forSubscription(ctx, s, false, () => s.lastRunDay === runDay(s, now)));
  for (const [day, subs] of byDay(ran, now)) {
    await fetchSafely(ctx, day, subs, 0);
    await Promise.all(subs.map((s) => deliverSafely(ctx, s, day, 'late')));
  }
}

async function deliverSafely(
  ctx: RunContext,
  sub: Subscription,
  day: string,
  mode: 'scheduled' | 'late',
): Promise<void> {
  try {
    await deliverDay(ctx, sub, day, mode);
  } catch (err) {
    ctx.log.error({ err, guild: sub.guildId, channel: sub.channelId, day }, 'delivery failed');
  }
}
