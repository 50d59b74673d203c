// What each of the club's posts records for its layout, at the moment it is decided: the post then says
// what was true when it was due, even if it goes out after a restart.
import type { ReminderMark } from './session-steps.ts';

/** A session as its posts name it. */
export interface SessionRef {
  eventId: string;
  guildId: string;
  paperId: string;
  title: string;
  /** ISO 8601 start this post was written for. */
  startsAt: string;
}

export type AnnouncementBody = SessionRef & { endsAt: string; voiceChannelId: string | null };
export type ReminderBody = SessionRef & { mark: ReminderMark; userIds: string[] };
export type StartingBody = SessionRef;
export type CancelledBody = SessionRef;

export interface PollBody {
  paperIds: string[];
  titles: string[];
  hours: number;
  /** ISO 8601: when Discord ends the poll. */
  endsAt: string;
  period: 'week' | 'month';
}

export interface WinnerBody {
  pollMessageId: string;
  paperId: string;
  title: string;
  pollVotes: number;
  totalVotes: number;
}
