import type { Database } from 'better-sqlite3';
import { normalizeArxivId } from './arxiv-id.ts';
import type { Paper } from './paper.ts';
import type { PaperStore } from './paper-store.ts';

export interface TitleMatch {
  id: string;
  title: string;
}

export type PaperLookup = ReturnType<typeof createPaperLookup>;

/** Finds a stored paper from what a member typed: an arXiv id or link, or (part of) a title. */
export function createPaperLookup(db: Database, papers: PaperStore) {
  // LIKE over titles is enough for autocomplete on a server's store; it is bounded by LIMIT and
  // the `%` and `_` a member types are escaped, so their text is matched literally.
  const byTitle = db.prepare<[string, string, number], TitleMatch>(`
    SELECT id, title FROM papers
    WHERE title LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\'
    ORDER BY hf_upvotes DESC, id DESC LIMIT ?
  `);
  const recent = db.prepare<[number], TitleMatch>('SELECT id, title FROM papers ORDER BY first_seen_at DESC, hf_upvotes DESC LIMIT ?');
  const escape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

  return {
    suggest(typed: string, limit = 25): TitleMatch[] {
      const text = typed.trim().slice(0, 200);
      if (!text) return recent.all(limit);
      const id = normalizeArxivId(text);
      const exact = id ? papers.get(id) : null;
      const hits = byTitle.all(`${escape(text)}%`, `%${escape(text)}%`, limit);
      return exact ? [{ id: exact.id, title: exact.title }, ...hits.filter((h) => h.id !== exact.id)].slice(0, limit) : hits;
    },
    resolve(typed: string): Paper | null {
      const text = typed.trim();
      const id = normalizeArxivId(text);
      if (id) return papers.get(id);
      const [best] = byTitle.all(`${escape(text)}%`, `%${escape(text)}%`, 1);
      return best ? papers.get(best.id) : null;
    },
  };
}
