/**
 * A typed array able to hold `index`: the same array when it already can, else a copy at least twice as
 * long. The indexer's counters are typed arrays indexed by term id or list slot, grown as ids appear.
 */
export function grown<T extends Int32Array | Float64Array>(a: T, index: number): T {
  if (index < a.length) return a;
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(index + 1, a.length * 2));
  bigger.set(a);
  return bigger;
}
