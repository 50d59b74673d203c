/**
 * A map that keeps at most `max` entries, forgetting the least recently used one first. A Map iterates in
 * insertion order, so reading an entry re-inserts it at the end and the first key is always the oldest.
 */
export function createLru<K, V>(max: number) {
  const entries = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    has: (key: K): boolean => entries.has(key),
    set(key: K, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > max) entries.delete(entries.keys().next().value as K);
    },
    delete: (key: K): boolean => entries.delete(key),
    get size() {
      return entries.size;
    },
  };
}
