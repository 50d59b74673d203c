import type { Database } from 'better-sqlite3';

export type MetaStore = ReturnType<typeof createMetaStore>;

/** Small facts the bot keeps about itself between runs (such as the hash of the registered commands). */
export function createMetaStore(db: Database) {
  const select = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
  const upsert = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    get: (key: string): string | null => select.get(key) ?? null,
    set: (key: string, value: string): void => {
      upsert.run(key, value);
    },
  };
}
