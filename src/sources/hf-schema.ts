import { z } from 'zod';
import { normalizeArxivId } from '../papers/arxiv-id.ts';
import type { DailyEntry } from '../papers/paper.ts';

// Only the fields Paperboy reads are described; everything else in the response is ignored, so new
// fields on Hugging Face's side never break ingestion. Optional fields may be null or missing.
const opt = <T extends z.ZodType>(t: T) => t.nullish();

const person = z.object({ name: opt(z.string()), user: opt(z.string()), fullname: opt(z.string()) });
const organization = z.object({
  name: opt(z.string()),
  fullname: opt(z.string()),
  avatarUrl: opt(z.string()),
  avatar: opt(z.string()),
});
// 2024-era entries carry no `thumbnail`, only the images (or videos) the submitter attached. A malformed one is
// dropped, never the entry.
const media = {
  mediaUrl: z.string().nullish().catch(null),
  mediaUrls: z.array(z.unknown()).nullish().catch(null),
};
const shared = {
  ...media,
  ai_summary: opt(z.string()),
  ai_keywords: opt(z.array(z.string())),
  githubRepo: opt(z.string()),
  githubStars: opt(z.number().int().nonnegative()),
  projectPage: opt(z.string()),
  organization: opt(organization),
};

export const dailyEntrySchema = z.object({
  paper: z.object({
    id: z.string(),
    title: opt(z.string()),
    summary: opt(z.string()),
    authors: z.array(z.object({ name: z.string() })).default([]),
    publishedAt: opt(z.string()),
    upvotes: z
      .number()
      .int()
      .nullish()
      .transform((v) => v ?? 0),
    submittedOnDailyAt: opt(z.string()),
    submittedOnDailyBy: opt(person),
    withdrawnAt: opt(z.string()),
    ...shared,
  }),
  title: opt(z.string()),
  summary: opt(z.string()),
  publishedAt: opt(z.string()),
  thumbnail: opt(z.string()),
  numComments: opt(z.number().int().nonnegative()),
  submittedBy: opt(person),
  ...shared,
});

export type EntryVerdict =
  | { kind: 'entry'; entry: DailyEntry }
  | { kind: 'withdrawn'; id: string }
  | { kind: 'invalid'; id: string; reason: string };

/** Hard-wrapped abstract lines become one paragraph; blank lines between paragraphs stay. */
export function unwrap(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** An absolute http(s) URL, resolved against `base` when relative; null for anything else (`javascript:`). */
function absolute(url: string | null | undefined, base: string): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, `${base}/`);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

const IMAGE = /\.(?:png|jpe?g|gif|webp|avif)$/i;

/**
 * The entry's `thumbnail`, else its first attached image (by the path's extension: a video or a page is no
 * thumbnail), as an absolute http(s) URL; null when there is none.
 */
function thumbnailOf(e: z.infer<typeof dailyEntrySchema>, endpoint: string): string | null {
  const own = absolute(e.thumbnail, endpoint);
  if (own) return own;
  const attached = [e.mediaUrl, ...(e.mediaUrls ?? []), e.paper.mediaUrl, ...(e.paper.mediaUrls ?? [])];
  for (const candidate of attached) {
    const url = typeof candidate === 'string' ? absolute(candidate, endpoint) : null;
    if (url && IMAGE.test(new URL(url).pathname)) return url;
  }
  return null;
}

/** An ISO 8601 date or date-time that parses, as it came; null for anything else (junk, `yesterday`). */
function isoDate(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  return Number.isFinite(Date.parse(value)) ? value : null;
}

/**
 * Judges one element of a `daily_papers` response and turns a valid one into Paperboy's shape. Never
 * throws: an entry that trips anything unexpected is invalid, skipped and counted, not the whole day.
 */
export function readDailyEntry(raw: unknown, day: string, endpoint: string): EntryVerdict {
  const rawId = (raw as { paper?: { id?: unknown } } | null)?.paper?.id;
  const label = typeof rawId === 'string' ? rawId : '(no id)';
  try {
    return judgeEntry(raw, label, day, endpoint);
  } catch (err) {
    return { kind: 'invalid', id: label, reason: `entry: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function judgeEntry(raw: unknown, label: string, day: string, endpoint: string): EntryVerdict {
  const parsed = dailyEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'invalid',
      id: label,
      reason: `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const e = parsed.data;
  const p = e.paper;
  const id = normalizeArxivId(p.id);
  if (!id) return { kind: 'invalid', id: label, reason: 'paper.id: not an arXiv id' };
  if (p.withdrawnAt) return { kind: 'withdrawn', id };
  const title = (p.title ?? e.title ?? '').replace(/\s+/g, ' ').trim();
  if (!title) return { kind: 'invalid', id, reason: 'title: missing' };
  const org = p.organization ?? e.organization;
  const submitter = e.submittedBy ?? p.submittedOnDailyBy;
  return {
    kind: 'entry',
    entry: {
      day,
      submittedAt: isoDate(p.submittedOnDailyAt) ?? isoDate(e.publishedAt),
      submittedBy: submitter?.user ?? submitter?.name ?? null,
      paper: {
        id,
        title,
        abstract: unwrap(p.summary ?? e.summary ?? ''),
        authors: p.authors.map((a) => a.name.trim()).filter(Boolean),
        publishedAt: isoDate(p.publishedAt),
        hfUpvotes: p.upvotes,
        numComments: e.numComments ?? 0,
        aiSummary: (p.ai_summary ?? e.ai_summary)?.trim() || null,
        aiKeywords: p.ai_keywords ?? e.ai_keywords ?? [],
        githubRepo: absolute(p.githubRepo ?? e.githubRepo, 'https://github.com'),
        githubStars: p.githubStars ?? e.githubStars ?? null,
        projectPage: absolute(p.projectPage ?? e.projectPage, endpoint),
        thumbnail: thumbnailOf(e, endpoint),
        organization: org?.fullname ?? org?.name ?? null,
      },
    },
  };
}
