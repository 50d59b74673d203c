// Builders for `GET /api/daily_papers` entries in the exact shape Hugging Face returns (see
// test/support/hf/daily-papers-2025-09-03.json for a frozen real-shape response). Titles, abstracts, people and ids
// are made up. Everything is deterministic: the same call always returns the same data.

import { readFileSync } from 'node:fs';

export interface HfUser {
  _id: string;
  avatarUrl: string;
  isPro: boolean;
  fullname: string;
  user: string;
  name: string;
  type: 'user';
  followerCount?: number;
}

export interface HfAuthor {
  _id: string;
  name: string;
  hidden: boolean;
  status?: string;
  statusLastChangedAt?: string;
  user?: HfUser;
}

export interface HfOrganization {
  _id: string;
  name: string;
  fullname: string;
  /** Hugging Face uses either `avatar` or `avatarUrl`, absolute or relative. */
  avatar?: string;
  avatarUrl?: string;
}

export interface HfPaper {
  id: string;
  authors: HfAuthor[];
  mediaUrls?: string[];
  publishedAt: string;
  submittedOnDailyAt: string;
  title: string;
  submittedOnDailyBy: HfUser;
  /** The arXiv abstract, hard-wrapped. */
  summary: string;
  upvotes: number;
  discussionId: string;
  ai_summary?: string;
  ai_keywords?: string[];
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  organization?: HfOrganization;
  withdrawnAt?: string;
}

export interface HfDailyEntry {
  paper: HfPaper;
  /** When the paper was put on the daily list (same instant as paper.submittedOnDailyAt). */
  publishedAt: string;
  title: string;
  summary: string;
  mediaUrls?: string[];
  /** Missing from 2024-era entries, which carry only `mediaUrls`. */
  thumbnail?: string;
  numComments: number;
  submittedBy: HfUser;
  organization?: HfOrganization;
  isAuthorParticipating: boolean;
  // Fields Hugging Face sometimes puts at the top level instead of under `paper`.
  ai_summary?: string;
  ai_keywords?: string[];
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
}

/** Overrides for makeEntry: `paper` is merged into the paper; a key set to `undefined` is removed. */
export type EntryOverrides = Partial<{ [K in keyof Omit<HfDailyEntry, 'paper'>]: HfDailyEntry[K] | undefined }> & {
  paper?: Partial<{ [K in keyof HfPaper]: HfPaper[K] | undefined }>;
};

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const hexCache = new Map<string, string>();
const hex = (seed: string, len = 24): string => {
  const key = `${len}:${seed}`;
  const hit = hexCache.get(key);
  if (hit !== undefined) return hit;
  const value = fnvHex(seed, len);
  if (hexCache.size < 50_000) hexCache.set(key, value);
  return value;
};

function fnvHex(seed: string, len: number): string {
  // FNV-1a, stretched: a stable fake Mongo-style id for a seed.
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < len; round++) {
    for (const ch of `${seed}#${round}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

const seedNumber = (seed: string): number => parseInt(hex(seed, 8), 16);

export function makeUser(handle: string, fullname = handle, extra: Partial<HfUser> = {}): HfUser {
  return {
    _id: hex(`user:${handle}`),
    avatarUrl: `https://cdn-avatars.huggingface.co/v1/production/uploads/${hex(`user:${handle}`)}/avatar.png`,
    isPro: false,
    fullname,
    user: handle,
    name: handle,
    type: 'user',
    ...extra,
  };
}

/** An author; pass a handle to make it a claimed author with an HF account. */
export function makeAuthor(name: string, handle?: string): HfAuthor {
  const a: HfAuthor = { _id: hex(`author:${name}`), name, hidden: false };
  if (handle) {
    a.status = 'claimed_verified';
    a.statusLastChangedAt = '2025-09-02T10:00:00.000Z';
    a.user = makeUser(handle, name, { avatarUrl: `/avatars/${hex(handle, 8)}.svg` });
  }
  return a;
}

export function makeOrganization(
  name: string,
  fullname: string,
  avatar: { avatar?: string; avatarUrl?: string } = {},
): HfOrganization {
  return { _id: hex(`org:${name}`), name, fullname, ...avatar };
}

export const SUBMITTERS = {
  akhaliq: makeUser('akhaliq', 'AK', { isPro: true, followerCount: 9000 }),
  taesiri: makeUser('taesiri', 'taesiri', { isPro: true }),
  nsharma: makeUser('nsharma', 'Nisha Sharma'),
} as const;

const FIRST = [
  'Ana',
  'Bo',
  'Chen',
  'Dario',
  'Elif',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemal',
  'Lea',
  'Mina',
  'Noor',
];
const LAST = [
  'Alvarez',
  'Brandt',
  'Cho',
  'Dubois',
  'Eriksen',
  'Fujita',
  'Gupta',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Li',
];
const TOPICS = [
  ['Sparse', 'Mixture-of-Experts Routing'],
  ['Calibrated', 'Retrieval-Augmented Generation'],
  ['Self-Correcting', 'Code Agents'],
  ['Long-Context', 'Video Diffusion'],
  ['Efficient', 'Speculative Decoding'],
  ['Multilingual', 'Speech Tokenizers'],
  ['Verifiable', 'Reward Models'],
  ['Compositional', 'Text-to-3D Generation'],
  ['Robust', 'Vision-Language Navigation'],
  ['Scalable', 'Preference Optimization'],
] as const;

/** Wraps text at ~78 columns the way arXiv abstracts arrive. */
export function hardWrap(text: string, width = 78): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function defaultPaper(id: string): HfPaper {
  const n = seedNumber(id);
  const [adj, topic] = TOPICS[n % TOPICS.length] ?? TOPICS[0];
  const title = `${adj} ${topic} at Scale (${id})`;
  const authors = Array.from({ length: 1 + (n % 5) }, (_, i) =>
    makeAuthor(`${FIRST[(n + i * 3) % FIRST.length]} ${LAST[(n + i * 7) % LAST.length]}`),
  );
  const summary = hardWrap(
    `We study ${topic.toLowerCase()} and show that ${adj.toLowerCase()} variants trained with a simple ` +
      `curriculum match larger baselines while using a fraction of the compute. Experiments on six ` +
      `benchmarks indicate consistent gains, and ablations isolate the contribution of each component. ` +
      `Code and checkpoints will be released.`,
  );
  return {
    id,
    authors,
    publishedAt: '2025-09-08T17:59:35.000Z',
    submittedOnDailyAt: '2025-09-10T01:12:44.118Z',
    title,
    submittedOnDailyBy: SUBMITTERS.akhaliq,
    summary,
    upvotes: n % 120,
    discussionId: hex(`discussion:${id}`),
  };
}

const dropUndefined = <T extends object>(o: T): T => {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
};

/**
 * One `daily_papers` element in the real shape. The top-level `title`, `summary`, `publishedAt` (the
 * submission time) and `submittedBy` mirror the paper's unless overridden, as they do on Hugging Face.
 */
export function makeEntry(overrides: EntryOverrides = {}): HfDailyEntry {
  const { paper: paperOverrides = {}, ...top } = overrides;
  const paper = dropUndefined({ ...defaultPaper(paperOverrides.id ?? '2509.09001'), ...paperOverrides });
  const entry: HfDailyEntry = {
    paper,
    publishedAt: paper.submittedOnDailyAt,
    title: paper.title,
    summary: paper.summary,
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${paper.id}.png`,
    numComments: seedNumber(`comments:${paper.id}`) % 9,
    submittedBy: paper.submittedOnDailyBy,
    isAuthorParticipating: false,
    ...(paper.organization ? { organization: paper.organization } : {}),
    ...(paper.mediaUrls ? { mediaUrls: paper.mediaUrls } : {}),
  };
  return dropUndefined<HfDailyEntry>(Object.assign(entry, top));
}

/** A deep copy, for tweaking a fixture without touching the original. */
export const clone = <T>(v: T): T => structuredClone(v);

// ---------------------------------------------------------------------------------------------------------
// Named days

/** Wednesday: five varied valid papers and one withdrawn one. */
export const WEEKDAY = '2025-09-10';
/** Thursday: 137 papers, so a 100-entry page is followed by a 37-entry page. */
export const BIG_DAY = '2025-09-11';
/** Friday: four valid papers and two entries with a wrong type. */
export const BROKEN_DAY = '2025-09-12';
/** Saturday: nothing listed. */
export const WEEKEND = '2025-09-13';
/** Monday: exactly 100 papers, so the second page is empty. */
export const FULL_PAGE_DAY = '2025-09-15';

export const WEEKDAY_VALID_IDS = ['2509.10001', '2509.10002', '2509.10003', '2509.10004', 'hep-th/9901001'] as const;
export const WEEKDAY_WITHDRAWN_ID = '2509.10006';

/** WEEKDAY's entries: 5 valid + 1 withdrawn. */
export function weekdayEntries(): HfDailyEntry[] {
  const day = { submittedOnDailyAt: '2025-09-10T00:41:07.552Z' };
  return [
    // Everything present, under `paper`; organization with `avatar`; abstract with a paragraph break.
    makeEntry({
      paper: {
        ...day,
        id: '2509.10001',
        title: 'Parallel Drafting: Teaching Language Models to Explore Several Reasoning Paths',
        authors: [makeAuthor('Tova Zeller', 'tzeller'), makeAuthor('Hanna Moritz'), makeAuthor('Wei Yun')],
        publishedAt: '2025-09-09T17:59:35.000Z',
        summary:
          'Parallel reasoning lets a language model explore several solution paths at\n' +
          'once, but training it usually relies on imitation of synthetic traces.\n' +
          '\n' +
          'We propose a curriculum that starts from supervised drafts on easy prompts\n' +
          'and moves to reinforcement learning on harder ones.',
        upvotes: 72,
        ai_summary: 'Parallel Drafting trains LLMs to explore several reasoning paths at once with an RL curriculum.',
        ai_keywords: ['parallel reasoning', 'reinforcement learning', 'curriculum'],
        githubRepo: 'https://github.com/example-lab/parallel-drafting',
        githubStars: 412,
        projectPage: 'https://example-lab.github.io/parallel-drafting/',
        organization: makeOrganization('example-lab', 'Example Lab', {
          avatar: 'https://cdn-avatars.huggingface.co/v1/production/uploads/placeholder/example-lab.png',
        }),
        mediaUrls: ['https://cdn-uploads.huggingface.co/production/uploads/placeholder/parallel-drafting.png'],
      },
      numComments: 3,
      isAuthorParticipating: true,
    }),
    // Minimal: no ai_summary, ai_keywords, github, project page or organization; no comments.
    makeEntry({
      paper: {
        ...day,
        id: '2509.10002',
        title: 'A Note on Tokenizer Drift in Continual Pretraining',
        authors: [makeAuthor('Ruth Okafor')],
        publishedAt: '2025-09-08T12:00:00.000Z',
        summary: 'We document how tokenizer statistics drift during continual pretraining\nand what it costs.',
        upvotes: 4,
        submittedOnDailyBy: SUBMITTERS.nsharma,
      },
      numComments: 0,
    }),
    // ai_summary, ai_keywords, githubRepo and projectPage at the top level only; organization top-level
    // only, with `avatarUrl`.
    makeEntry({
      paper: {
        ...day,
        id: '2509.10003',
        title: 'Reverse-Engineered Reasoning for Open-Ended Story Writing',
        authors: [makeAuthor('Hao Wen'), makeAuthor('Quinn Harper', 'qharper')],
        publishedAt: '2025-09-07T17:04:16.000Z',
        summary:
          'Deep reasoning has advanced verifiable domains like mathematics, but open-ended\n' +
          'creative writing lags behind.',
        upvotes: 128,
        submittedOnDailyBy: SUBMITTERS.taesiri,
      },
      ai_summary: 'REER recovers step-by-step reasoning for story writing by working backwards from good outputs.',
      ai_keywords: ['open-ended generation', 'creative writing'],
      githubRepo: 'https://github.com/example/reer-writer',
      githubStars: 150,
      projectPage: 'https://reer.example.org',
      organization: makeOrganization('story-lab', 'Story Lab', {
        avatarUrl: 'https://cdn-avatars.huggingface.co/v1/production/uploads/placeholder/story-lab.png',
      }),
      numComments: 4,
    }),
    // Relative thumbnail and relative organization avatar; title with a hard line break.
    makeEntry({
      paper: {
        ...day,
        id: '2509.10004',
        title: 'Scaling Laws for\n  Sparse Mixtures of Experts',
        authors: [makeAuthor('Lin Qiao'), makeAuthor('Marta Ruiz'), makeAuthor('  ')],
        publishedAt: '2025-09-09T09:30:00.000Z',
        summary: 'We fit scaling laws for sparse mixtures of experts across four orders of\nmagnitude of compute.',
        upvotes: 19,
        organization: makeOrganization('moe-group', 'moe-group', { avatarUrl: '/avatars/x.svg' }),
      },
      thumbnail: '/papers/thumbnails/2509.10004.png',
      numComments: 1,
    }),
    // Old-style arXiv id.
    makeEntry({
      paper: {
        ...day,
        id: 'hep-th/9901001',
        title: 'Boundary Conditions for Open Strings Revisited',
        authors: [makeAuthor('Pavel Sokolov')],
        publishedAt: '1999-01-04T00:00:00.000Z',
        summary: 'We revisit boundary conditions for open strings on D-branes\nin a background field.',
        upvotes: 2,
      },
      numComments: 0,
    }),
    // Withdrawn from arXiv after it was listed.
    makeEntry({
      paper: {
        ...day,
        id: WEEKDAY_WITHDRAWN_ID,
        title: 'A Retracted Result on Benchmark Contamination',
        upvotes: 11,
        withdrawnAt: '2025-09-10T15:00:00.000Z',
      },
    }),
  ];
}

/** BROKEN_DAY: four valid entries, then one with `upvotes: "many"` and one with `paper.id: 42`. */
export const BROKEN_DAY_VALID_IDS = ['2509.12001', '2509.12002', '2509.12003', '2509.12004'] as const;
export const BROKEN_DAY_BAD_UPVOTES_ID = '2509.12005';

export function brokenDayEntries(): unknown[] {
  const at = { submittedOnDailyAt: '2025-09-12T01:00:00.000Z' };
  const valid = BROKEN_DAY_VALID_IDS.map((id) => makeEntry({ paper: { ...at, id } }));
  const manyUpvotes = clone(makeEntry({ paper: { ...at, id: BROKEN_DAY_BAD_UPVOTES_ID } })) as unknown as {
    paper: Record<string, unknown>;
  };
  manyUpvotes.paper.upvotes = 'many';
  const numericId = clone(makeEntry({ paper: { ...at, id: '2509.12006' } })) as unknown as {
    paper: Record<string, unknown>;
  };
  numericId.paper.id = 42;
  return [valid[0], valid[1], manyUpvotes, valid[2], numericId, valid[3]];
}

/** `n` plain valid papers submitted on `day`, ids `YYMM.<start>`, `YYMM.<start+1>`, ... */
export function plainDay(day: string, n: number, start = 1): HfDailyEntry[] {
  const yymm = `${day.slice(2, 4)}${day.slice(5, 7)}`;
  const submittedOnDailyAt = `${day}T02:00:00.000Z`;
  return Array.from({ length: n }, (_, i) =>
    makeEntry({ paper: { id: `${yymm}.${String(start + i).padStart(5, '0')}`, submittedOnDailyAt } }),
  );
}

export const BIG_DAY_COUNT = 137;
export const FULL_PAGE_COUNT = 100;

/** All named days, ready for `startHfServer({ days: fixtureDays() })`. */
export function fixtureDays(): Record<string, unknown[]> {
  return {
    [WEEKDAY]: weekdayEntries(),
    [BIG_DAY]: plainDay(BIG_DAY, BIG_DAY_COUNT, 11001),
    [BROKEN_DAY]: brokenDayEntries(),
    [WEEKEND]: [],
    [FULL_PAGE_DAY]: plainDay(FULL_PAGE_DAY, FULL_PAGE_COUNT, 15001),
  };
}

/**
 * `nPapers` distinct valid papers spread over consecutive weekdays from `start` (weekends empty),
 * `perDay` a day (the last day takes the remainder). Ids are unique: `YYMM.NNNNN` numbered per month.
 */
export function makeDays(
  nPapers: number,
  opts: { start?: string; perDay?: number; includeWeekends?: boolean } = {},
): Record<string, HfDailyEntry[]> {
  const { start = '2024-01-01', perDay = 40, includeWeekends = false } = opts;
  const days: Record<string, HfDailyEntry[]> = {};
  const perMonth = new Map<string, number>();
  const date = new Date(`${start}T00:00:00.000Z`);
  let left = nPapers;
  while (left > 0) {
    const day = date.toISOString().slice(0, 10);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    if (weekend) {
      if (includeWeekends) days[day] = [];
    } else {
      const n = Math.min(perDay, left);
      const month = day.slice(0, 7);
      const next = (perMonth.get(month) ?? 0) + 1;
      days[day] = plainDay(day, n, next);
      perMonth.set(month, next + n - 1);
      left -= n;
    }
    date.setUTCDate(date.getUTCDate() + 1);
  }
  return days;
}

// ---------------------------------------------------------------------------------------------------------
// Real text

/** A day of 2024-era entries: no `thumbnail`, only `mediaUrls` (an image; an image after a video; a video alone). */
export const REAL_TEXT_2024 = '2024-06-21';
/** A day of later entries, with thumbnails: LaTeX in titles, abstracts, AI summaries, keywords and author names. */
export const REAL_TEXT_2025 = '2025-01-14';

/**
 * daily-papers-real-text.json: two days of `daily_papers` responses, each entry field for field in the shape of
 * shared/reference/hf-daily-papers.sample.json (a real response; ids of users and discussions are placeholders).
 * Their text carries what real responses of 2024-2026 were seen to carry (issue 20, item 6): the abstracts of
 * 2405.15682 and 2501.07574 (whose first sentences end "depend on T." and "generative AI.", the next starting
 * in lower case), "$\nabla^2$DFT" (2406.14347), and, in crafted entries, "Prefill \& Decode", "\$OneMillion-Bench",
 * "St\"utz" and \textbf{…}. The media URLs and the 2501.08123, 2501.08999 and 2406.14408 entries are made up.
 */
export function realTextDays(): Record<string, HfDailyEntry[]> {
  const raw = readFileSync(new URL('./daily-papers-real-text.json', import.meta.url), 'utf8');
  return JSON.parse(raw) as Record<string, HfDailyEntry[]>;
}
