/** One answer of a finished poll: the paper, its poll votes, and what breaks a tie. */
export interface PollTally {
  paperId: string;
  pollVotes: number;
  serverVotes: number;
  hfUpvotes: number;
}

/**
 * The paper that won: most poll votes, then most server votes, then most Hugging Face upvotes, then the
 * earlier answer. Null when nobody voted.
 */
export function pollWinner(tallies: readonly PollTally[]): PollTally | null {
  let best: PollTally | null = null;
  for (const t of tallies) {
    if (t.pollVotes <= 0) continue;
    if (
      !best ||
      t.pollVotes > best.pollVotes ||
      (t.pollVotes === best.pollVotes &&
        (t.serverVotes > best.serverVotes || (t.serverVotes === best.serverVotes && t.hfUpvotes > best.hfUpvotes)))
    ) {
      best = t;
    }
  }
  return best;
}
