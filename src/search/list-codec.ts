/**
 * A top list stored as one blob: impacts as float64, then row keys as uint32, both best first. Reading a
 * list is one row and a loop, and rewriting it once per sync batch costs far less than the row-per-entry
 * b-tree with a second index by row that it replaced (about 45 µs per accepted entry at 150,000 papers).
 */

export interface ListEntries {
  impacts: Float64Array;
  pks: Uint32Array;
}

const EMPTY: ListEntries = { impacts: new Float64Array(0), pks: new Uint32Array(0) };

export function encodeList(impacts: ArrayLike<number>, pks: ArrayLike<number>, n: number): Buffer {
  const buf = Buffer.allocUnsafe(n * 12);
  for (let i = 0; i < n; i++) {
    buf.writeDoubleLE(impacts[i]!, i * 8);
    buf.writeUInt32LE(pks[i]!, n * 8 + i * 4);
  }
  return buf;
}

/** The first `limit` entries (all by default). */
export function decodeList(buf: Uint8Array | null | undefined, limit = Infinity): ListEntries {
  if (!buf || buf.length < 12) return EMPTY;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const total = Math.floor(b.length / 12);
  const n = Math.min(total, limit);
  const impacts = new Float64Array(n);
  const pks = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    impacts[i] = b.readDoubleLE(i * 8);
    pks[i] = b.readUInt32LE(total * 8 + i * 4);
  }
  return { impacts, pks };
}
