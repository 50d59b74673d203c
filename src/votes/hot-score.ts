/** One server vote weighs as much as a tenfold rise in Hugging Face upvotes (log10 adds 1 per tenfold). */
export const SERVER_VOTE_WEIGHT = 1;
/** How fast age pulls a paper down; Hacker News uses 1.8, a little gentler suits a daily list. */
export const HOT_GRAVITY = 1.5;
/** Hours added to a paper's age, so a brand-new paper does not get an unbounded score. */
export const HOT_AGE_OFFSET_HOURS = 2;

export interface HotInput {
  /** The server's votes for the paper (in the period asked for). */
  votes: number;
  /** Its upvotes on Hugging Face. */
  hfUpvotes: number;
  /** Hours since the paper first appeared (first Daily Papers day, else its arXiv publication). */
  ageHours: number;
}

/**
 * A Hacker-News-like "hot" score that blends the server's votes with Hugging Face's and decays with age:
 *
 *     hot = (votes * SERVER_VOTE_WEIGHT + log10(1 + hfUpvotes)) / (ageHours + HOT_AGE_OFFSET_HOURS) ^ HOT_GRAVITY
 *
 * - Server votes count linearly: they are the signal of this community, and few (a server has tens of
 *   voters, not thousands), so each one matters.
 * - HF upvotes count logarithmically: they run into the hundreds and would otherwise drown the server's
 *   own votes; log10 still lets a paper the whole field is talking about rise above a quiet one.
 * - The power of age makes a day-old paper with a few votes beat a month-old one with many: a week-old
 *   paper needs about 17 times the points of a day-old one to rank beside it.
 *
 * Pure, and total: negative or non-finite inputs are treated as 0.
 */
export function hotScore({ votes, hfUpvotes, ageHours }: HotInput): number {
  const points = nonNegative(votes) * SERVER_VOTE_WEIGHT + Math.log10(1 + nonNegative(hfUpvotes));
  return points / Math.pow(nonNegative(ageHours) + HOT_AGE_OFFSET_HOURS, HOT_GRAVITY);
}

const nonNegative = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);
