import type { Database } from 'better-sqlite3';

export type FetchOutcome = 'ok' | 'empty' | 'failed';

export interface FetchRecord {
  day: string;
  outcome: FetchOutcome;
  papers: number;
  added: number;
  skipped: number;
  error: string | null;
  fetchedAt: string;
}

export type FetchLog = ReturnType<typeof createFetchLog>;

/** Every fetch of a day, so "no papers today" can be told apart from "the fetch failed". */
export function createFetchLog(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(`
    INSERT INTO fetches (day, outcome, papers, added, skipped, error, fetched_at)
    VALUES (@day, @outcome, @papers, @added, @skipped, @error, @fetchedAt)
  `);
  const select = `SELECT day, outcome, papers, added, skipped, error, fetched_at AS fetchedAt FROM fetches`;
  const latestOf = db.prepare<[string], FetchRecord>(`${select} WHERE day = ? ORDER BY id DESC LIMIT 1`);
  const latestOk = db.prepare<[string], FetchRecord>(
    `${select} WHERE day = ? AND outcome != 'failed' ORDER BY id DESC LIMIT 1`,
  );
  const recent = db.prepare<[number], FetchRecord>(`
    SELECT day, outcome, papers, added, skipped, error, fetched_at AS fetchedAt FROM fetches
    WHERE id IN (SELECT max(id) FROM fetches GROUP BY day) ORDER BY day DESC LIMIT ?
  `);

  return {
    record(r: Omit<FetchRecord, 'fetchedAt'>): FetchRecord {
      const rec = { ...r, fetchedAt: now().toISOString() };
      insert.run(rec);
      return rec;
    },
    latest: (day: string): FetchRecord | null => latestOf.get(day) ?? null,
    /** The last fetch of `day` that reached Hugging Face, whatever it found. */
    latestSuccess: (day: string): FetchRecord | null => latestOk.get(day) ?? null,
    /** The latest outcome of each of the most recent `n` days fetched. */
    recentDays: (n = 14): FetchRecord[] => recent.all(n),
  };
}
