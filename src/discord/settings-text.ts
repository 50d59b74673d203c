import { formatClock } from '../schedule/zoned-time.ts';
import type { GuildSettings, WeeklySettings } from '../settings/guild-settings-store.ts';

/** Day names by `weekday` (0 = Sunday), as /papers settings offers and shows them. */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** A custom emoji is stored as its id; Discord shows `<:name:id>` whatever the name. */
const shownEmoji = (e: string) => (/^\d+$/.test(e) ? `<:e:${e}>` : e);

/** The reply of /papers settings: the server's settings, after any change. */
export function settingsText(s: {
  updated: boolean;
  settings: GuildSettings;
  voteEmoji: readonly string[];
  weekly: WeeklySettings | null;
  /** Whether a reading-club poll follows the weekly digest. */
  weeklyPoll?: boolean;
}): string {
  const { settings: current, weekly: w } = s;
  const poll = s.weeklyPoll ? ', followed by a reading-club poll' : '';
  const weekly = w
    ? `<#${w.channelId}>, ${WEEKDAYS[w.weekday]}s at ${formatClock(w.minutes)} ${w.timezone}${poll}`
    : 'off';
  return [
    s.updated ? '**Settings updated**' : '**Settings**',
    `Log channel: ${current.logChannelId ? `<#${current.logChannelId}>` : 'none'} ` +
      '(problems such as failed fetches are reported there)',
    `Empty days: ${current.emptyDay === 'note' ? 'post a short note' : 'post nothing'}`,
    `Vote emoji: ${s.voteEmoji.map(shownEmoji).join(' ')}`,
    `Weekly digest: ${weekly}`,
  ].join('\n');
}
