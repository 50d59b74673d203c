import { arxivLinks } from '../papers/arxiv-id.ts';
import type { ExportRow } from './export-row.ts';

/**
 * A JSON export (`/paper export format:json`), version 1. Fields may be added in later versions
 * without changing `version`; it changes only if one is removed, renamed or changes meaning.
 *
 * ```json
 * { "version": 1, "papers": [ { "id": "2509.04664", "title": "…", "authors": ["…"], … } ] }
 * ```
 */
export interface PaperExport {
  version: 1;
  /** In the order of the export: newest vote first for `mine`, most votes first for `server`. */
  papers: ExportedPaper[];
}

export interface ExportedPaper {
  /** arXiv id without version: `2509.04664` or `hep-th/9901001`. */
  id: string;
  title: string;
  /** Author names as Hugging Face lists them ("First Last"), in order. */
  authors: string[];
  /** arXiv publication time, ISO 8601; null when unknown. */
  publishedAt: string | null;
  /** Upvotes on Hugging Face when Paperboy last fetched the paper. */
  hfUpvotes: number;
  /** Members of the server with a vote for the paper (button or reaction, each member once), all time. */
  serverVotes: number;
  /** When the exporting member's vote began, ISO 8601; null in a server-wide export. */
  votedAt: string | null;
  urls: {
    /** The paper's Hugging Face page. */
    hf: string;
    /** Its arXiv abstract page. */
    abs: string;
    /** Its arXiv PDF. */
    pdf: string;
  };
  /** The code repository Hugging Face links, or null. */
  githubRepo: string | null;
  /** Hugging Face's AI summary, or null. */
  aiSummary: string | null;
}

export function toExportedPaper({ paper: p, serverVotes, votedAt }: ExportRow): ExportedPaper {
  return {
    id: p.id,
    title: p.title,
    authors: [...p.authors],
    publishedAt: p.publishedAt,
    hfUpvotes: p.hfUpvotes,
    serverVotes,
    votedAt,
    urls: arxivLinks(p.id),
    githubRepo: p.githubRepo,
    aiSummary: p.aiSummary,
  };
}

/** The rows as a PaperExport, pretty-printed, with a final newline. */
export function toJson(rows: readonly ExportRow[]): string {
  const doc: PaperExport = { version: 1, papers: rows.map(toExportedPaper) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
