/* eslint-disable max-len -- applied migrations are history: their SQL is never edited, not even re-wrapped */
import type { Database } from 'better-sqlite3';
import { readableTex } from '../format/tex.ts';

interface TextRow {
  pk: number;
  title: string;
  abstract: string;
  authors: string;
  ai_summary: string | null;
  ai_keywords: string;
}

interface SummaryRow {
  paper_id: string;
  length: string;
  model: string;
  text: string;
}

const BATCH = 1_000;

const readableList = (json: string): string => JSON.stringify((JSON.parse(json) as string[]).map(readableTex));

/**
 * Version 13: papers stored before the paper store made LaTeX readable get the text it stores now (titles,
 * abstracts, authors, AI summaries and keywords, and cached model summaries), so what they show and what
 * search finds agree with new papers. Runs readableTex as it is when the step runs: it is idempotent, so a
 * later change to it needs a step of its own to reach rows stored before.
 *
 * papers_fts is rebuilt with superscripts and subscripts as separators ("∇²DFT" is found by "DFT"), and
 * the search side index is reset to be rebuilt from the papers by the next sync, as version 7 did.
 */
export const readableTexMigration = {
  name: "papers' LaTeX made readable; superscripts and subscripts separate search tokens",
  up(db: Database): void {
    const page = db.prepare<[number], TextRow>(
      `SELECT pk, title, abstract, authors, ai_summary, ai_keywords FROM papers WHERE pk > ? ORDER BY pk LIMIT ${BATCH}`,
    );
    const update = db.prepare(
      'UPDATE papers SET title = @title, abstract = @abstract, authors = @authors, ai_summary = @ai_summary, ai_keywords = @ai_keywords WHERE pk = @pk',
    );
    for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)?.pk ?? 0)) {
      for (const r of rows) {
        const next: TextRow = {
          pk: r.pk,
          title: readableTex(r.title),
          abstract: readableTex(r.abstract),
          authors: readableList(r.authors),
          ai_summary: r.ai_summary === null ? null : readableTex(r.ai_summary),
          ai_keywords: readableList(r.ai_keywords),
        };
        const changed = (Object.keys(next) as (keyof TextRow)[]).some((k) => next[k] !== r[k]);
        if (changed) update.run(next);
      }
    }
    const summaries = db.prepare<[], SummaryRow>('SELECT paper_id, length, model, text FROM summaries').all();
    const rewrite = db.prepare('UPDATE summaries SET text = ? WHERE paper_id = ? AND length = ? AND model = ?');
    for (const s of summaries) {
      const text = readableTex(s.text);
      if (text !== s.text) rewrite.run(text, s.paper_id, s.length, s.model);
    }
    db.exec(`
      DROP TABLE papers_fts;
      CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, ai_keywords, ai_summary, abstract, authors,
        content = 'papers', content_rowid = 'pk',
        tokenize = 'porter unicode61 remove_diacritics 2 separators ''⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₙₒₜₓ'''
      );
      INSERT INTO papers_fts (papers_fts) VALUES ('rebuild');
      DELETE FROM search_terms;
      DELETE FROM search_lists;
      DELETE FROM search_pieces;
      UPDATE search_stats SET value = 0;
      DELETE FROM search_queue;
      INSERT INTO search_queue (pk, old) SELECT pk, NULL FROM papers;
    `);
  },
};
