import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { summariesMigration } from '../../src/summaries/summary-cache.ts';
import { listedOn } from '../support/papers.ts';

/** A fresh in-memory database with the summary cache appended as the next migration step. */
export function summaryDb(): Database {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [...migrations, { version: migrations.length + 1, ...summariesMigration }]);
  return db;
}

export function storePapers(db: Database, ...papers: Paper[]): void {
  createPaperStore(db).save(papers.map((p) => listedOn('2025-09-08', p)));
}

/** A realistic abstract: context first, contribution and results in the middle, housekeeping last. */
export const ABSTRACT = [
  'Large language models often state false facts with high confidence, which limits their use in practice.',
  'Prior studies have examined this from many angles, including retrieval, decoding and calibration of the output.',
  'We propose Abstain-RL, a reinforcement learning method that rewards language models for abstaining when their confidence is low.',
  'It is simple.',
  'Experiments on five question answering benchmarks show that Abstain-RL reduces confident false answers by 30% while keeping accuracy.',
  'Code is available at https://github.com/example/abstain-rl.',
].join(' ');
