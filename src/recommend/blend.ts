/**
 * `rank:server-taste`: a day's papers ordered by the server model's score blended with Hugging Face upvotes.
 *
 *   blend = α · q(model score) + (1 − α) · q(HF upvotes),   α = 0.7 by default
 *
 * where q(v) is the paper's rank percentile among the day's papers for that value: (n − r) / (n − 1) for the
 * r-th highest of n papers (1 for the top, 0 for the bottom; equal values share their mean rank; 1 for a lone
 * paper). Percentiles make the two comparable whatever their scales (an SVM margin, a heavy-tailed upvote count)
 * and keep one huge upvote count from swamping the server's taste. Ties in the blend go to more HF upvotes,
 * then to the id.
 */

export interface TasteItem {
  id: string;
  modelScore: number;
  hfUpvotes: number;
}

export const SERVER_TASTE_WEIGHT = 0.7;

/** Rank percentile of each value among `values`, ties sharing their mean rank. */
export function rankPercentiles(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 1) return [1];
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const out = new Array<number>(n);
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && values[order[end + 1]!] === values[order[start]!]) end++;
    const meanRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) out[order[k]!] = (n - meanRank) / (n - 1);
    start = end + 1;
  }
  return out;
}

/** The day's items in `server-taste` order, each with its blend. */
export function serverTasteOrder<T extends TasteItem>(
  items: readonly T[],
  modelWeight = SERVER_TASTE_WEIGHT,
): (T & { blend: number })[] {
  const qModel = rankPercentiles(items.map((p) => p.modelScore));
  const qHf = rankPercentiles(items.map((p) => p.hfUpvotes));
  return items
    .map((p, i) => ({ ...p, blend: modelWeight * qModel[i]! + (1 - modelWeight) * qHf[i]! }))
    .sort((a, b) => b.blend - a.blend || b.hfUpvotes - a.hfUpvotes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
