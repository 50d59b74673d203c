/**
 * What Discord does to scheduled events on its own ("Guild Scheduled Event Status Update Automation" in the
 * API docs' guild-scheduled-event resource), read against the emulator's clock:
 * - an external event becomes ACTIVE at its scheduled_start_time and COMPLETED at its scheduled_end_time;
 * - an active voice or stage event is COMPLETED once its channel has had no one connected for a few minutes;
 * - a SCHEDULED event that has not begun a few hours after its scheduled_start_time is CANCELED.
 * Each change is announced as GUILD_SCHEDULED_EVENT_UPDATE, as any other change is.
 */
import { GuildScheduledEventEntityType, GuildScheduledEventStatus } from 'discord-api-types/v10';
import type { EmulatorContext } from './context.ts';
import { isFinished, setStatus, type ScheduledEventState } from './scheduled-events.ts';

/** Discord says "on the order of minutes" and "of hours"; the emulator takes these. */
export const EVENT_AUTOMATION = {
  /** An active voice or stage event whose channel has been empty this long is completed. */
  emptyChannelMs: 5 * 60_000,
  /** A scheduled event not started this long after its start is cancelled. */
  unstartedMs: 3 * 3_600_000,
} as const;

const { Scheduled, Active, Completed, Canceled } = GuildScheduledEventStatus;

/** The status Discord would have moved the event to by `now`, or null when it stays. */
function automaticStep(ctx: EmulatorContext, e: ScheduledEventState, now: number): GuildScheduledEventStatus | null {
  if (isFinished(e)) return null;
  const start = Date.parse(e.start);
  if (e.entityType === GuildScheduledEventEntityType.External) {
    if (e.status === Scheduled && now >= start) return Active;
    if (e.status === Active && e.end !== null && now >= Date.parse(e.end)) return Completed;
    return null;
  }
  if (e.status === Scheduled) return now >= start + EVENT_AUTOMATION.unstartedMs ? Canceled : null;
  const left = ctx.state.voice.emptySince(e.channelId!);
  if (left === null) return null; // someone is connected
  const emptySince = Math.max(e.activeSince ?? now, left);
  return now - emptySince >= EVENT_AUTOMATION.emptyChannelMs ? Completed : null;
}

/** Applies every change Discord would have made by now, in order, each announced on the gateway. */
export function automateEvents(ctx: EmulatorContext): void {
  const now = ctx.state.now();
  for (const event of ctx.state.scheduledEvents.byId.values()) {
    for (let next = automaticStep(ctx, event, now); next !== null; next = automaticStep(ctx, event, now)) {
      setStatus(ctx, event, next);
    }
  }
}
