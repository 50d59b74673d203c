import type { FeatureSpace, SparseVector } from './features.ts';

/**
 * A feature space's vectors in three flat arrays over SharedArrayBuffers: a worker thread reads them without a
 * copy, where thousands of small typed arrays would each be cloned.
 */
export interface PackedVectors {
  /** Vector i is at `offsets[i]` up to `offsets[i + 1]` of `indices` and `values`. */
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** A feature space as it crosses between threads: its vectors packed, and no Map (rebuilt from `ids`). */
export interface PackedSpace extends Omit<FeatureSpace, 'position' | 'vectors'> {
  vectors: PackedVectors;
}

const shared = <T extends Int32Array | Float32Array>(Of: new (b: SharedArrayBuffer) => T, length: number): T =>
  new Of(new SharedArrayBuffer(length * 4));

export function packVectors(vectors: readonly SparseVector[]): PackedVectors {
  const offsets = shared(Int32Array, vectors.length + 1);
  vectors.forEach((v, i) => (offsets[i + 1] = offsets[i]! + v.indices.length));
  const total = offsets[vectors.length]!;
  const indices = shared(Int32Array, total);
  const values = shared(Float32Array, total);
  vectors.forEach((v, i) => {
    indices.set(v.indices, offsets[i]);
    values.set(v.values, offsets[i]);
  });
  return { offsets, indices, values };
}

/** The vectors as views into the packed arrays (nothing is copied). */
export function unpackVectors({ offsets, indices, values }: PackedVectors): SparseVector[] {
  return Array.from({ length: offsets.length - 1 }, (_, i) => ({
    indices: indices.subarray(offsets[i], offsets[i + 1]),
    values: values.subarray(offsets[i], offsets[i + 1]),
  }));
}

export function packSpace({ position: _position, vectors, ...rest }: FeatureSpace): PackedSpace {
  return { ...rest, vectors: packVectors(vectors) };
}

export function unpackSpace({ vectors, ...rest }: PackedSpace): FeatureSpace {
  return { ...rest, position: new Map(rest.ids.map((id, i) => [id, i])), vectors: unpackVectors(vectors) };
}
