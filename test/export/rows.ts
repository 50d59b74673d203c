import type { ExportRow } from '../../src/export/export-row.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { paper } from '../support/papers.ts';

export const row = (
  id: string,
  over: Partial<Paper> = {},
  extra: Partial<Omit<ExportRow, 'paper'>> = {},
): ExportRow => ({
  paper: paper(id, over),
  serverVotes: 1,
  votedAt: null,
  ...extra,
});
