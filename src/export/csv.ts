import { arxivLinks } from '../papers/arxiv-id.ts';
import type { ExportRow } from './export-row.ts';

/** The columns of a CSV export, in order; names match the JSON export's fields. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'authors',
  'publishedAt',
  'hfUpvotes',
  'serverVotes',
  'votedAt',
  'hfUrl',
  'absUrl',
  'pdfUrl',
  'githubRepo',
  'aiSummary',
] as const;

/**
 * One CSV field. Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which
 * some strip first) as a formula, so such a cell gets a leading `'`, which they show as text (OWASP's
 * advice for CSV injection). Then RFC 4180: a field holding a comma, quote, CR or LF is quoted, its
 * quotes doubled.
 */
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The rows as RFC 4180 CSV: a header, CRLF after every record. Authors are joined with "; ". */
export function toCsv(rows: readonly ExportRow[]): string {
  const records = rows.map(({ paper: p, serverVotes, votedAt }) => {
    const links = arxivLinks(p.id);
    const cells: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
      id: p.id,
      title: p.title,
      authors: p.authors.join('; '),
      publishedAt: p.publishedAt,
      hfUpvotes: p.hfUpvotes,
      serverVotes,
      votedAt,
      hfUrl: links.hf,
      absUrl: links.abs,
      pdfUrl: links.pdf,
      githubRepo: p.githubRepo,
      aiSummary: p.aiSummary,
    };
    return CSV_COLUMNS.map((c) => csvField(cells[c]));
  });
  return [CSV_COLUMNS.map(csvField), ...records].map((r) => `${r.join(',')}\r\n`).join('');
}
