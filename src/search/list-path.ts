import type { Plan } from './planner.ts';
import type { ScoreContext, Scored, Scorer } from './scorer.ts';
import type { TermLists } from './term-lists.ts';

/**
 * Top-k for queries whose terms are all common, from the precomputed top lists (a threshold algorithm):
 * every row in some list gets an upper bound (its known impacts, plus for each list it is missing from the
 * lowest impact read there); rows are scored exactly in order of that bound until the next bound cannot
 * beat the k-th score. Rows in no list are bounded by the sum of the lists' lowest impacts; when that bound
 * still beats the k-th score, the answer is reported as not provably exact.
 */

// The most impact-ordered rows read per list, and rows scored exactly, per query: what keeps p99 bounded.
const DEPTH = 5000;
const MAX_SCORED = 300;
const CHUNK = 40;
// A unit with no list (a phrase, an author) can add at most idf * (k1 + 1) to a row.
const MAX_IMPACT = 2.2;
// Stored impacts used the mean length of their day; it drifts slowly, and impacts of common words differ by
// well under 1% from row to row, so the slack must be small.
const SLACK = 1.001;

export interface ListOutcome {
  hits: Scored[];
  exact: boolean;
  /** Lists ran out before k matches were found: the caller must search another way. */
  exhausted: boolean;
}

export function searchLists(plan: Plan, lists: TermLists, score: Scorer, ctx: ScoreContext, k: number): ListOutcome {
  const listed = plan.positives.filter((u) => plan.listKey.has(u));
  const unlistedBound = plan.positives
    .filter((u) => !plan.listKey.has(u))
    .reduce((s, u) => s + (plan.idf.get(u) ?? 0) * MAX_IMPACT, 0);
  const known = new Map<number, number[]>();
  const lowest: number[] = [];
  listed.forEach((u, i) => {
    const key = plan.listKey.get(u)!;
    const entries = lists.read(key, DEPTH);
    const full = entries.length < DEPTH;
    lowest.push(full ? lists.floor(key) : (entries.at(-1)?.impact ?? 0));
    for (const e of entries) {
      let v = known.get(e.pk);
      if (!v) known.set(e.pk, (v = new Array<number>(listed.length).fill(-1)));
      v[i] = e.impact;
    }
  });
  const weights = listed.map((u) => plan.idf.get(u) ?? 0);
  const bound = (v: number[]) => v.reduce((s, x, i) => s + weights[i]! * (x < 0 ? lowest[i]! : x), unlistedBound);
  const order = [...known].map(([pk, v]) => ({ pk, ub: bound(v) })).sort((a, b) => b.ub - a.ub);
  const unseenBound = weights.reduce((s, w, i) => s + w * lowest[i]!, unlistedBound);

  const hits: Scored[] = [];
  let kth = -Infinity;
  let i = 0;
  while (i < order.length && i < MAX_SCORED) {
    // Impacts in the lists were computed with the mean length of their day: a little slack covers its drift.
    if (hits.length >= k && order[i]!.ub * SLACK < kth) break;
    const chunk = order.slice(i, i + CHUNK).map((o) => o.pk);
    i += chunk.length;
    hits.push(...score(chunk, ctx));
    hits.sort((a, b) => b.score - a.score || a.pk - b.pk);
    if (hits.length > k) hits.length = k;
    if (hits.length >= k) kth = hits[k - 1]!.score;
  }

  const stoppedEarly = i < order.length && !(hits.length >= k && order[i]!.ub * SLACK < kth);
  const exact = hits.length >= k && !stoppedEarly && unseenBound <= kth;
  return { hits, exact, exhausted: hits.length < k };
}
