/**
 * An open-addressing hash table from ASCII text pieces to token ids that is probed with a range of a
 * lower-cased string, so looking up each word of a paper allocates no string and skips V8's Map: this is
 * the indexer's innermost loop (hundreds of words per paper, a million papers).
 */
export class PieceTable {
  private slots: Int32Array;
  private keys: string[] = [];
  private hashes = new Int32Array(1 << 15);
  private values: Array<readonly number[]> = [];

  constructor(private readonly maxEntries: number) {
    this.slots = new Int32Array(1 << 16);
  }

  get size(): number {
    return this.keys.length;
  }

  private static hash(s: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h | 0;
  }

  /** The ids stored for `lower.slice(start, end)`, or undefined. */
  get(lower: string, start: number, end: number): readonly number[] | undefined {
    const h = PieceTable.hash(lower, start, end);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]! - 1;
      if (e < 0) return undefined;
      if (this.hashes[e] !== h) continue;
      const k = this.keys[e]!;
      if (k.length !== len) continue;
      let same = true;
      for (let i = 0; i < len && same; i++) same = k.charCodeAt(i) === lower.charCodeAt(start + i);
      if (same) return this.values[e];
    }
  }

  set(piece: string, ids: readonly number[]): void {
    // A piece cut from a long text may be a view that keeps the whole text alive; a copy keeps only the piece.
    const key = Buffer.from(piece, 'utf8').toString('utf8');
    if (this.keys.length >= this.maxEntries) this.clear();
    if (this.get(key, 0, key.length) !== undefined) return;
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    if (this.keys.length >= this.hashes.length) {
      const bigger = new Int32Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[this.keys.length] = PieceTable.hash(key, 0, key.length);
    this.keys.push(key);
    this.values.push(ids);
    this.place(this.keys.length - 1);
  }

  clear(): void {
    this.keys = [];
    this.hashes = new Int32Array(1 << 15);
    this.values = [];
    this.slots = new Int32Array(1 << 16);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[e]! & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.keys.length; e++) this.place(e);
  }
}
