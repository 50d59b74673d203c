import { grown } from './grown.ts';

/**
 * Which top-list slots each term (by id) feeds, as runs in one flat Int32Array: a term feeds its own list
 * and the prefix list of each of its prefixes that is a common term, some 17 slots on average in the
 * benchmark. An array per term cost about 150 bytes of V8 heap each (10 MB at 150,000 papers); a run here
 * costs 4 bytes a slot. Runs of terms whose lists changed are dropped, and the table compacts itself once
 * dropped runs outweigh live ones.
 */
export class FeedTable {
  // Run start + 1 per term id (0: not computed), and run length.
  private starts = new Int32Array(1 << 16);
  private lengths = new Int32Array(1 << 16);
  private data = new Int32Array(1 << 18);
  private used = 0;
  private live = 0;

  /** The flat array the runs live in; fetch it again after `set`, which may replace it. */
  get pool(): Int32Array {
    return this.data;
  }

  has(id: number): boolean {
    return id < this.starts.length && this.starts[id]! > 0;
  }

  start(id: number): number {
    return this.starts[id]! - 1;
  }

  count(id: number): number {
    return this.lengths[id]!;
  }

  set(id: number, slots: readonly number[]): void {
    this.drop(id);
    if (this.used > 1024 && this.used - this.live > this.live) this.compact();
    this.starts = grown(this.starts, id);
    this.lengths = grown(this.lengths, id);
    this.data = grown(this.data, this.used + slots.length);
    this.starts[id] = this.used + 1;
    this.lengths[id] = slots.length;
    for (const s of slots) this.data[this.used++] = s;
    this.live += slots.length;
  }

  /** Forgets `id`'s run, to be computed again on next use. */
  drop(id: number): void {
    if (!this.has(id)) return;
    this.live -= this.lengths[id]!;
    this.starts[id] = 0;
    this.lengths[id] = 0;
  }

  /** Ids that have a run. */
  *ids(): Generator<number> {
    for (let id = 0; id < this.starts.length; id++) if (this.starts[id]! > 0) yield id;
  }

  private compact(): void {
    const next = new Int32Array(Math.max(1 << 18, this.live * 2));
    let at = 0;
    for (let id = 0; id < this.starts.length; id++) {
      const s = this.starts[id]! - 1;
      if (s < 0) continue;
      next.set(this.data.subarray(s, s + this.lengths[id]!), at);
      this.starts[id] = at + 1;
      at += this.lengths[id]!;
    }
    this.data = next;
    this.used = at;
  }
}
