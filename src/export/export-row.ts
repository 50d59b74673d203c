import type { Paper } from '../papers/paper.ts';

/** One paper in an export, as the vote store gives it. */
export interface ExportRow {
  paper: Paper;
  /** The paper's vote count in the server (distinct members, all time: what its Upvote button shows). */
  serverVotes: number;
  /** When the exporting member's vote began (ISO 8601); null in a server-wide export. */
  votedAt: string | null;
}
