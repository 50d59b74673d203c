import { time, TimestampStyles } from 'discord.js';
import { nextRun } from '../schedule/due.ts';
import { formatClock } from '../schedule/zoned-time.ts';
import type { FetchRecord } from '../sources/fetch-log.ts';
import type { Subscription, SubscriptionSettings } from '../subscriptions/subscription.ts';

/** One line of settings, as `/papers list` and the subscribe confirmation show them. */
export function describeSettings(s: SubscriptionSettings): string {
  const parts = [`daily at ${formatClock(s.minutes)} ${s.timezone}`, `top ${s.top}`, s.format];
  if (s.minUpvotes > 0) parts.push(`≥ ${s.minUpvotes} upvotes`);
  if (s.include.length) parts.push(`include: ${s.include.join(', ')}`);
  if (s.exclude.length) parts.push(`exclude: ${s.exclude.join(', ')}`);
  parts.push(`threads ${s.threads ? 'on' : 'off'}`);
  parts.push(`rank ${s.rank}`);
  if (s.mentionRoleId) parts.push(`mentions <@&${s.mentionRoleId}>`);
  return parts.join(' · ');
}

/** A server's upvotes on recent papers, while fewer than its taste model needs. */
export interface TooFewUpvotes {
  have: number;
  need: number;
}

/** `tooFew`: given while the server's taste model cannot be trained, when rank:server-taste falls back. */
export function describeSubscription(s: Subscription, now: Date, tooFew?: TooFewUpvotes | null): string {
  const head = `<#${s.channelId}> — ${describeSettings(s)}`;
  if (!s.enabled) return `${head}\n  ⛔ disabled: ${s.disabledReason ?? 'unknown reason'}`;
  const lines = [head, `  next run ${time(nextRun(s, now), TimestampStyles.RelativeTime)}`];
  if (s.lastDeliveryAt) lines[1] += ` · last post ${time(new Date(s.lastDeliveryAt), TimestampStyles.RelativeTime)}`;
  if (s.rank === 'server-taste' && tooFew) {
    lines.push(
      `  ↪ ranked by HF upvotes for now: server-taste needs ${tooFew.need} upvotes here on recent Daily Papers ` +
        `(${tooFew.have} so far)`,
    );
  }
  if (s.lastError) lines.push(`  ⚠️ last error: ${s.lastError}`);
  return lines.join('\n');
}

const FETCH_ICON = { ok: '✅', empty: '▫️', failed: '❌' } as const;

/** One line of `/papers status` per fetched day. */
export function describeFetch(f: FetchRecord): string {
  const when = time(new Date(f.fetchedAt), TimestampStyles.RelativeTime);
  const what =
    f.outcome === 'failed'
      ? `failed: ${f.error}`
      : f.outcome === 'empty'
        ? 'empty (no papers listed)'
        : `${f.papers} papers`;
  return `${FETCH_ICON[f.outcome]} ${f.day}: ${what} · fetched ${when}${f.skipped ? ` · ${f.skipped} skipped` : ''}`;
}
