import type { FulltextSource, PassageStore, StoredPassage } from './passage-store.ts';

/** Passages written per transaction: a few milliseconds each, with the full-text index kept in step. */
export const PASSAGES_PER_SLICE = 50;

/**
 * Stores a paper's passages the way `PassageStore.save` does, but `size` at a time with `pause()` before each
 * slice, so that the thousands of passages of a long paper never hold the thread for long. Readers see the
 * passages only once they are all written; a crash in between leaves rows that the next save of the paper
 * replaces.
 */
export async function saveInSlices(
  store: Pick<PassageStore, 'beginSlices' | 'writeSlice' | 'finishSlices'>,
  paperId: string,
  source: FulltextSource,
  passages: readonly StoredPassage[],
  pause: () => Promise<void>,
  size = PASSAGES_PER_SLICE,
): Promise<void> {
  const first = store.beginSlices(paperId, passages);
  // The last passage went in with the first slice, reserving the paper's keys.
  for (let from = 0; from < passages.length - 1; from += size) {
    await pause();
    store.writeSlice(paperId, first, passages, from, Math.min(from + size, passages.length - 1));
  }
  await pause();
  store.finishSlices(paperId, source, passages.length);
}
