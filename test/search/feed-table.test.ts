import { describe, expect, it } from 'vitest';
import { FeedTable } from '../../src/search/feed-table.ts';

const run = (t: FeedTable, id: number) => Array.from(t.pool.subarray(t.start(id), t.start(id) + t.count(id)));

describe('FeedTable', () => {
  it("keeps each term's run through growth, drops and compaction", () => {
    const t = new FeedTable();
    const want = new Map<number, number[]>();
    // Ids past the initial arrays, runs past the initial pool, and most runs replaced several times over,
    // so the table grows and compacts.
    for (let round = 0; round < 6; round++) {
      for (let id = 0; id < 70_000; id += 1 + (id % 3)) {
        const slots = Array.from({ length: (id + round) % 9 }, (_, k) => id * 10 + k + round);
        t.set(id, slots);
        want.set(id, slots);
      }
      for (let id = 5; id < 70_000; id += 97) {
        t.drop(id);
        want.delete(id);
      }
    }
    for (const [id, slots] of want) expect(run(t, id), `id ${id}`).toEqual(slots);
    expect(t.has(5)).toBe(false);
    expect(t.has(69_999 + 10)).toBe(false);
    expect([...t.ids()].length).toBe(want.size);
    // Every live slot takes 4 bytes, and dropped runs are reclaimed: the pool stays within a few times the live data.
    const live = [...want.values()].reduce((n, s) => n + s.length, 0);
    expect(t.pool.length).toBeLessThanOrEqual(Math.max(1 << 18, 4 * live));
  });

  it('tells an empty run (a term feeding no list) from one not computed', () => {
    const t = new FeedTable();
    expect(t.has(3)).toBe(false);
    t.set(3, []);
    expect(t.has(3)).toBe(true);
    expect(t.count(3)).toBe(0);
  });
});
