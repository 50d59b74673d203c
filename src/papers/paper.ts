/** A paper as Paperboy stores it. Optional fields are null when the source did not carry them. */
export interface Paper {
  /** arXiv id without version: `2509.04664` or `hep-th/9901001`. */
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  /** arXiv publication time, ISO 8601. */
  publishedAt: string | null;
  hfUpvotes: number;
  numComments: number;
  aiSummary: string | null;
  aiKeywords: string[];
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  thumbnail: string | null;
  organization: string | null;
}

/** A paper as seen on one day of the Daily Papers list. */
export interface DailyEntry {
  paper: Paper;
  /** YYYY-MM-DD, the day the paper was on the list. */
  day: string;
  /** When it was submitted to the daily list, ISO 8601, if known. */
  submittedAt: string | null;
  submittedBy: string | null;
}
