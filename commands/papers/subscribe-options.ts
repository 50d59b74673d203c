import { parseTerms } from '../../src/delivery/paper-filter.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { isValidTimeZone, parseClock } from '../../src/schedule/zoned-time.ts';
import { SUBSCRIPTION_DEFAULTS, TOP_MAX, type SubscriptionSettings } from '../../src/subscriptions/subscription.ts';

export interface SubscribeOptions {
  time?: string | null;
  timezone?: string | null;
  top?: number | null;
  minUpvotes?: number | null;
  include?: string | null;
  exclude?: string | null;
  format?: string | null;
  threads?: string | null;
  mentionRoleId?: string | null;
  rank?: string | null;
}

/**
 * Turns `/papers subscribe` options into settings, starting from `base` (the defaults, or the channel's
 * current subscription when it is updated). Every problem is reported at once, each with what to fix.
 */
export function readSubscribeOptions(
  o: SubscribeOptions,
  base: SubscriptionSettings = SUBSCRIPTION_DEFAULTS,
): SubscriptionSettings {
  const problems: string[] = [];
  const next: SubscriptionSettings = { ...base };
  if (o.time != null) {
    const minutes = parseClock(o.time);
    if (minutes === null)
      problems.push(`\`time\` must be a 24-hour time like 09:00 or 18:30, not "${o.time.slice(0, 20)}".`);
    else next.minutes = minutes;
  }
  if (o.timezone != null) {
    const tz = o.timezone.trim();
    if (!isValidTimeZone(tz)) {
      problems.push(
        `\`timezone\` must be a time zone name like Europe/Berlin, America/New_York or UTC, ` +
          `not "${tz.slice(0, 40)}" (pick one from the suggestions).`,
      );
    } else next.timezone = tz;
  }
  if (o.top != null) {
    if (!Number.isInteger(o.top) || o.top < 1 || o.top > TOP_MAX)
      problems.push(`\`top\` must be a whole number from 1 to ${TOP_MAX}.`);
    else next.top = o.top;
  }
  if (o.minUpvotes != null) {
    if (!Number.isInteger(o.minUpvotes) || o.minUpvotes < 0) problems.push('`min-upvotes` must be 0 or more.');
    else next.minUpvotes = o.minUpvotes;
  }
  if (o.include != null) next.include = parseTerms(o.include);
  if (o.exclude != null) next.exclude = parseTerms(o.exclude);
  if (o.format != null) {
    if (o.format !== 'per-paper' && o.format !== 'digest') problems.push('`format` must be per-paper or digest.');
    else next.format = o.format;
  }
  if (o.threads != null) {
    if (o.threads !== 'on' && o.threads !== 'off') problems.push('`threads` must be on or off.');
    else next.threads = o.threads === 'on';
  }
  if (o.rank != null) {
    if (o.rank !== 'hf-upvotes' && o.rank !== 'server-taste')
      problems.push('`rank` must be hf-upvotes or server-taste.');
    else next.rank = o.rank;
  }
  if (o.mentionRoleId !== undefined && o.mentionRoleId !== null) next.mentionRoleId = o.mentionRoleId;
  if (problems.length > 0) throw new UserError(`Nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`);
  return next;
}
