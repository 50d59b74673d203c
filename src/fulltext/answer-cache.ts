import type { Database } from 'better-sqlite3';

/** A passage an answer cites, by its number in the model's prompt ([1] is the first passage given). */
export interface CitedPassage {
  n: number;
  section: string;
  anchor: string | null;
}

export interface CachedAnswer {
  /** False when the model said the passages do not answer the question. */
  covered: boolean;
  /** The answer with its citations as [n]; '' when not covered. */
  text: string;
  /** The passages the answer cites (the `sources` column). */
  cited: CitedPassage[];
}

interface AnswerRow {
  covered: number;
  text: string;
  sources: string;
}

/**
 * The same question, however it is spaced, cased or punctuated at its end: "What dataset?" and
 * " what  dataset " are one question.
 */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.…]+$/u, '')
    .trim();
}

export type AnswerCache = ReturnType<typeof createAnswerCache>;

/** Model answers per paper, normalised question and model (the table is migration 9's `paper_answers`). */
export function createAnswerCache(db: Database, now: () => Date = () => new Date()) {
  const select = db.prepare<[string, string, string], AnswerRow>(
    'SELECT covered, text, sources FROM paper_answers WHERE paper_id = ? AND question = ? AND model = ?',
  );
  const upsert = db.prepare<[string, string, string, number, string, string, string]>(
    `INSERT INTO paper_answers (paper_id, question, model, covered, text, sources, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (paper_id, question, model) DO UPDATE SET
       covered = excluded.covered, text = excluded.text, sources = excluded.sources, created_at = excluded.created_at`,
  );

  return {
    get(paperId: string, question: string, model: string): CachedAnswer | null {
      const row = select.get(paperId, normaliseQuestion(question), model);
      if (!row) return null;
      let cited: CitedPassage[];
      try {
        cited = JSON.parse(row.sources) as CitedPassage[];
      } catch {
        return null;
      }
      return { covered: row.covered === 1, text: row.text, cited };
    },
    put(paperId: string, question: string, model: string, answer: CachedAnswer): void {
      upsert.run(
        paperId,
        normaliseQuestion(question),
        model,
        answer.covered ? 1 : 0,
        answer.text,
        JSON.stringify(answer.cited),
        now().toISOString(),
      );
    },
  };
}
