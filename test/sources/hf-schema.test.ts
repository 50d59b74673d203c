import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DailyEntry } from '../../src/papers/paper.ts';
import { readDailyEntry, unwrap, type EntryVerdict } from '../../src/sources/hf-schema.ts';
import {
  BROKEN_DAY,
  BROKEN_DAY_BAD_UPVOTES_ID,
  BROKEN_DAY_VALID_IDS,
  REAL_TEXT_2024,
  REAL_TEXT_2025,
  WEEKDAY,
  WEEKDAY_WITHDRAWN_ID,
  brokenDayEntries,
  clone,
  makeEntry,
  makeOrganization,
  makeUser,
  realTextDays,
  weekdayEntries,
  type HfDailyEntry,
} from '../support/hf/fixtures.ts';

const ENDPOINT = 'http://127.0.0.1:9';

function entryOf(verdict: EntryVerdict): DailyEntry {
  if (verdict.kind !== 'entry') throw new Error(`expected an entry, got ${JSON.stringify(verdict)}`);
  return verdict.entry;
}
const read = (raw: unknown, day = WEEKDAY) => readDailyEntry(raw, day, ENDPOINT);
const weekday = () => {
  const all = weekdayEntries();
  const byId = (id: string) => {
    const e = all.find((x) => x.paper.id === id);
    if (!e) throw new Error(`no fixture ${id}`);
    return e;
  };
  return { all, byId };
};

describe('readDailyEntry on the WEEKDAY fixtures', () => {
  it('maps a complete entry field by field', () => {
    const e = entryOf(read(weekday().byId('2509.10001')));
    expect(e).toEqual({
      day: WEEKDAY,
      submittedAt: '2025-09-10T00:41:07.552Z',
      submittedBy: 'akhaliq',
      paper: {
        id: '2509.10001',
        title: 'Parallel Drafting: Teaching Language Models to Explore Several Reasoning Paths',
        abstract:
          'Parallel reasoning lets a language model explore several solution paths at once, but training it ' +
          'usually relies on imitation of synthetic traces.\n\nWe propose a curriculum that starts from ' +
          'supervised drafts on easy prompts and moves to reinforcement learning on harder ones.',
        authors: ['Tova Zeller', 'Hanna Moritz', 'Wei Yun'],
        publishedAt: '2025-09-09T17:59:35.000Z',
        hfUpvotes: 72,
        numComments: 3,
        aiSummary: 'Parallel Drafting trains LLMs to explore several reasoning paths at once with an RL curriculum.',
        aiKeywords: ['parallel reasoning', 'reinforcement learning', 'curriculum'],
        githubRepo: 'https://github.com/example-lab/parallel-drafting',
        githubStars: 412,
        projectPage: 'https://example-lab.github.io/parallel-drafting/',
        thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2509.10001.png',
        organization: 'Example Lab',
      },
    });
  });

  it('gives null / empty values for optional fields that are missing', () => {
    const e = entryOf(read(weekday().byId('2509.10002')));
    expect(e.paper).toMatchObject({
      aiSummary: null,
      aiKeywords: [],
      githubRepo: null,
      githubStars: null,
      projectPage: null,
      organization: null,
      numComments: 0,
    });
    expect(e.submittedBy).toBe('nsharma');
  });

  it('falls back to the top-level ai_summary, ai_keywords, githubRepo, projectPage and organization', () => {
    const raw = weekday().byId('2509.10003');
    expect(raw.paper.ai_summary).toBeUndefined(); // the fixture really has them at the top level only
    const p = entryOf(read(raw)).paper;
    expect(p.aiSummary).toBe(
      'REER recovers step-by-step reasoning for story writing by working backwards from good outputs.',
    );
    expect(p.aiKeywords).toEqual(['open-ended generation', 'creative writing']);
    expect(p.githubRepo).toBe('https://github.com/example/reer-writer');
    expect(p.githubStars).toBe(150);
    expect(p.projectPage).toBe('https://reer.example.org/');
    expect(p.organization).toBe('Story Lab'); // an organization with `avatarUrl` instead of `avatar`
  });

  it('makes a relative thumbnail absolute against the endpoint and accepts a relative org avatar', () => {
    const p = entryOf(read(weekday().byId('2509.10004'))).paper;
    expect(p.thumbnail).toBe(`${ENDPOINT}/papers/thumbnails/2509.10004.png`);
    expect(p.organization).toBe('moe-group');
  });

  it('collapses a hard line break in a title and drops blank author names', () => {
    const p = entryOf(read(weekday().byId('2509.10004'))).paper;
    expect(p.title).toBe('Scaling Laws for Sparse Mixtures of Experts');
    expect(p.authors).toEqual(['Lin Qiao', 'Marta Ruiz']);
  });

  it('keeps an old-style arXiv id', () => {
    expect(entryOf(read(weekday().byId('hep-th/9901001'))).paper.id).toBe('hep-th/9901001');
  });

  it('reports a withdrawn paper as withdrawn, not as an entry', () => {
    expect(read(weekday().byId(WEEKDAY_WITHDRAWN_ID))).toEqual({ kind: 'withdrawn', id: WEEKDAY_WITHDRAWN_ID });
  });

  it('accepts every WEEKDAY entry but the withdrawn one', () => {
    const kinds = weekday().all.map((raw) => read(raw).kind);
    expect(kinds).toEqual(['entry', 'entry', 'entry', 'entry', 'entry', 'withdrawn']);
  });
});

describe('readDailyEntry fallbacks and precedence', () => {
  it('prefers fields under paper over the same fields at the top level', () => {
    const raw = makeEntry({
      paper: {
        id: '2509.20001',
        ai_summary: 'from paper',
        githubRepo: 'https://github.com/a/paper',
        ai_keywords: ['p'],
      },
      ai_summary: 'from top',
      githubRepo: 'https://github.com/a/top',
      ai_keywords: ['t'],
    });
    const p = entryOf(read(raw)).paper;
    expect([p.aiSummary, p.githubRepo, p.aiKeywords]).toEqual(['from paper', 'https://github.com/a/paper', ['p']]);
  });

  it('takes the title and abstract from the top level when the paper lacks them', () => {
    const raw = makeEntry({
      paper: { id: '2509.20002', title: undefined, summary: undefined },
      title: 'Top-Level Title',
      summary: 'Top-level\nabstract.',
    });
    const p = entryOf(read(raw)).paper;
    expect(p.title).toBe('Top-Level Title');
    expect(p.abstract).toBe('Top-level abstract.');
  });

  it('prefers the organization fullname, then its name', () => {
    const withFull = makeEntry({
      paper: { id: '2509.20003', organization: makeOrganization('acme', 'ACME Research') },
    });
    expect(entryOf(read(withFull)).paper.organization).toBe('ACME Research');
    const nameOnly = clone(withFull) as unknown as {
      paper: { organization: Record<string, unknown> };
      organization?: unknown;
    };
    delete nameOnly.paper.organization.fullname;
    delete nameOnly.organization;
    expect(entryOf(read(nameOnly)).paper.organization).toBe('acme');
  });

  it('makes a relative githubRepo a github.com URL and a relative projectPage an endpoint URL', () => {
    const raw = makeEntry({
      paper: { id: '2509.20004', githubRepo: 'someone/tool', projectPage: '/spaces/someone/demo' },
    });
    const p = entryOf(read(raw)).paper;
    expect(p.githubRepo).toBe('https://github.com/someone/tool');
    expect(p.projectPage).toBe(`${ENDPOINT}/spaces/someone/demo`);
  });

  it('names the submitter by handle, falling back to paper.submittedOnDailyBy and to the display name', () => {
    const top = makeEntry({
      paper: { id: '2509.20005', submittedOnDailyBy: makeUser('paperbot') },
      submittedBy: makeUser('alice'),
    });
    expect(entryOf(read(top)).submittedBy).toBe('alice');
    const fromPaper = makeEntry({
      paper: { id: '2509.20006', submittedOnDailyBy: makeUser('bob') },
      submittedBy: undefined,
    });
    expect(entryOf(read(fromPaper)).submittedBy).toBe('bob');
    const nameOnly = clone(fromPaper) as unknown as { paper: { submittedOnDailyBy: Record<string, unknown> } };
    delete nameOnly.paper.submittedOnDailyBy.user;
    nameOnly.paper.submittedOnDailyBy.name = 'Bob B.';
    expect(entryOf(read(nameOnly)).submittedBy).toBe('Bob B.');
    const nobody = makeEntry({ paper: { id: '2509.20007', submittedOnDailyBy: undefined }, submittedBy: undefined });
    expect(entryOf(read(nobody)).submittedBy).toBeNull();
  });

  it('uses the top-level publishedAt as the submission time when submittedOnDailyAt is missing', () => {
    const raw = makeEntry({
      paper: { id: '2509.20008', submittedOnDailyAt: undefined },
      publishedAt: '2025-09-10T03:00:00.000Z',
    });
    const e = entryOf(read(raw));
    expect(e.submittedAt).toBe('2025-09-10T03:00:00.000Z');
    expect(e.paper.publishedAt).toBe(raw.paper.publishedAt); // the arXiv date is never the listing date
  });

  it('treats null optional fields like missing ones and a blank ai_summary as none', () => {
    const raw = clone(makeEntry({ paper: { id: '2509.20009' } })) as unknown as Record<string, unknown> & {
      paper: Record<string, unknown>;
    };
    Object.assign(raw.paper, {
      ai_summary: '   ',
      ai_keywords: null,
      githubRepo: null,
      githubStars: null,
      organization: null,
    });
    Object.assign(raw, { thumbnail: null, numComments: null, organization: null });
    const p = entryOf(read(raw)).paper;
    expect(p).toMatchObject({
      aiSummary: null,
      aiKeywords: [],
      githubRepo: null,
      githubStars: null,
      thumbnail: null,
      numComments: 0,
      organization: null,
    });
  });

  it('ignores fields it does not know', () => {
    const raw = { ...makeEntry({ paper: { id: '2509.20010' } }), brandNewField: { nested: [1, 2] } };
    expect(read(raw).kind).toBe('entry');
  });

  it('records the day it was given, not a date from the entry', () => {
    expect(entryOf(read(makeEntry({ paper: { id: '2509.20011' } }), '2025-01-02')).day).toBe('2025-01-02');
  });
});

describe('readDailyEntry normalises ids', () => {
  it.each([
    ['2509.10005v3', '2509.10005'],
    ['arXiv:2509.10005', '2509.10005'],
    ['hep-th/9901001v2', 'hep-th/9901001'],
    ['HEP-TH/9901001', 'hep-th/9901001'],
    ['math.ca/0611800', 'math.CA/0611800'],
    ['0704.0001', '0704.0001'],
  ])('%s -> %s', (raw, id) => {
    expect(entryOf(read(makeEntry({ paper: { id: raw } }))).paper.id).toBe(id);
  });

  it('reports the normalised id of a withdrawn paper', () => {
    expect(read(makeEntry({ paper: { id: '2509.10005v2', withdrawnAt: '2025-09-11T00:00:00.000Z' } }))).toEqual({
      kind: 'withdrawn',
      id: '2509.10005',
    });
  });
});

describe('readDailyEntry rejects bad entries with a reason', () => {
  it('rejects upvotes of the wrong type, naming the field', () => {
    const raw = brokenDayEntries().find(
      (e) => (e as { paper: { id: unknown } }).paper.id === BROKEN_DAY_BAD_UPVOTES_ID,
    );
    const v = read(raw, BROKEN_DAY);
    expect(v.kind).toBe('invalid');
    if (v.kind !== 'invalid') return;
    expect(v.id).toBe(BROKEN_DAY_BAD_UPVOTES_ID);
    expect(v.reason).toMatch(/^paper\.upvotes: /);
  });

  it('rejects a numeric paper id, with "(no id)" as the label', () => {
    const raw = brokenDayEntries().find((e) => (e as { paper: { id: unknown } }).paper.id === 42);
    expect(read(raw, BROKEN_DAY)).toMatchObject({
      kind: 'invalid',
      id: '(no id)',
      reason: expect.stringMatching(/^paper\.id: /) as string,
    });
  });

  it('accepts the valid entries of BROKEN_DAY', () => {
    const verdicts = brokenDayEntries().map((e) => read(e, BROKEN_DAY));
    const ids = verdicts.flatMap((v) => (v.kind === 'entry' ? [v.entry.paper.id] : []));
    expect(ids).toEqual([...BROKEN_DAY_VALID_IDS]);
    expect(verdicts.filter((v) => v.kind === 'invalid')).toHaveLength(2);
  });

  it('rejects an id that is not an arXiv id', () => {
    expect(read(makeEntry({ paper: { id: 'not-a-paper' } }))).toEqual({
      kind: 'invalid',
      id: 'not-a-paper',
      reason: 'paper.id: not an arXiv id',
    });
  });

  it('rejects an entry without any title', () => {
    const raw = makeEntry({ paper: { id: '2509.20012', title: '  \n ' }, title: undefined });
    expect(read(raw)).toEqual({ kind: 'invalid', id: '2509.20012', reason: 'title: missing' });
  });

  it('rejects an author without a name', () => {
    const raw = clone(makeEntry({ paper: { id: '2509.20013' } })) as unknown as {
      paper: { authors: Array<Record<string, unknown>> };
    };
    delete raw.paper.authors[0]?.name;
    expect(read(raw)).toMatchObject({
      kind: 'invalid',
      id: '2509.20013',
      reason: expect.stringMatching(/^paper\.authors\.0\.name: /) as string,
    });
  });

  it.each([
    ['null', null],
    ['a string', 'paper'],
    ['an entry without paper', { title: 'x' }],
  ])('rejects %s', (_what, raw) => {
    expect(read(raw)).toMatchObject({ kind: 'invalid', id: '(no id)' });
  });
});

describe('unwrap', () => {
  it('joins hard-wrapped lines and keeps paragraph breaks', () => {
    expect(unwrap('one\ntwo  three\n\n  four\nfive\n')).toBe('one two three\n\nfour five');
  });
  it('treats whitespace-only lines as paragraph breaks and drops empty paragraphs', () => {
    expect(unwrap('a\n \t\nb\n\n\n\nc')).toBe('a\n\nb\n\nc');
    expect(unwrap('  \n\n ')).toBe('');
  });
});

describe('the frozen real-shape response (daily-papers-2025-09-03.json)', () => {
  const sample = JSON.parse(
    readFileSync(new URL('../support/hf/daily-papers-2025-09-03.json', import.meta.url), 'utf8'),
  ) as unknown[];

  it('reads every entry', () => {
    const verdicts = sample.map((raw) => readDailyEntry(raw, '2025-09-03', 'https://huggingface.co'));
    expect(verdicts.map((v) => v.kind)).toEqual(['entry', 'entry', 'entry']);
    const [a, b, c] = verdicts.map(entryOf);
    expect(a?.paper).toMatchObject({ id: '2509.03111', organization: 'Northwind AI', hfUpvotes: 57, numComments: 2 });
    expect(a?.paper.authors).toEqual(['Mara Kellner', 'Tobias Lind', 'Yusuf Demir', 'Priya Raman']);
    expect(a?.paper.abstract).not.toContain('\n');
    expect(b?.paper).toMatchObject({ githubRepo: 'https://github.com/example-org/check-as-you-go', githubStars: 88 });
    expect(c?.submittedBy).toBe('taesiri');
    expect(c?.submittedAt).toBe('2025-09-03T05:31:02.004Z');
  });

  it('has the same keys as what makeEntry builds (so the builders stay in the real shape)', () => {
    const keys = (o: object) => Object.keys(o).sort();
    const real = sample[2] as Record<string, object> & { paper: Record<string, unknown> };
    const built = makeEntry({ paper: { id: '2509.01422' } });
    expect(keys(built)).toEqual(keys(real));
    const { ai_summary: _s, ai_keywords: _k, ...realPaper } = real.paper;
    expect(keys(built.paper)).toEqual(keys(realPaper));
  });
});

describe('null where a number is expected', () => {
  it('reads upvotes: null as 0 rather than dropping the paper', () => {
    const raw = makeEntry({ paper: { id: '2509.55555', upvotes: null } as never });
    expect(entryOf(read(raw)).paper.hfUpvotes).toBe(0);
  });
});

describe('a malformed optional date or URL drops that field, not the paper', () => {
  it('keeps a paper whose publishedAt is not a date, with publishedAt null', () => {
    for (const bad of ['junk', '', '2025-13-45T99:00:00Z', 'yesterday']) {
      const raw = makeEntry({ paper: { id: '2509.56001', publishedAt: bad } });
      const e = entryOf(read(raw));
      expect(e.paper.id).toBe('2509.56001');
      expect(e.paper.publishedAt).toBeNull();
    }
  });

  it('keeps a valid publishedAt as it came', () => {
    const raw = makeEntry({ paper: { id: '2509.56002', publishedAt: '2025-09-08T17:59:35.000Z' } });
    expect(entryOf(read(raw)).paper.publishedAt).toBe('2025-09-08T17:59:35.000Z');
  });

  it('drops a submission time that is not a date', () => {
    const raw = makeEntry({ paper: { id: '2509.56003', submittedOnDailyAt: 'junk' }, publishedAt: 'junk' });
    expect(entryOf(read(raw)).submittedAt).toBeNull();
  });

  it.each([['javascript:alert(1)'], ['ftp://cdn.example.org/thumb.png'], ['data:image/png;base64,AAAA'], ['http://']])(
    'drops the thumbnail %j',
    (thumbnail) => {
      const p = entryOf(read(makeEntry({ paper: { id: '2509.56004' }, thumbnail }))).paper;
      expect(p.id).toBe('2509.56004');
      expect(p.thumbnail).toBeNull();
    },
  );

  it('drops a githubRepo or projectPage that is not an http(s) URL', () => {
    const raw = makeEntry({
      paper: { id: '2509.56005', githubRepo: 'javascript:alert(1)', projectPage: 'ftp://example.org/x' },
    });
    const p = entryOf(read(raw)).paper;
    expect(p).toMatchObject({ id: '2509.56005', githubRepo: null, projectPage: null });
  });
});

describe('2024-era entries: a thumbnail from the attached media', () => {
  const days = realTextDays();
  const byId = (id: string) => {
    const raw = [...(days[REAL_TEXT_2024] ?? []), ...(days[REAL_TEXT_2025] ?? [])].find((e) => e.paper.id === id);
    if (!raw) throw new Error(`no fixture ${id}`);
    return raw;
  };
  const thumbnailOf = (raw: unknown) => entryOf(read(raw, REAL_TEXT_2024)).paper.thumbnail;
  const UPLOADS = 'https://cdn-uploads.huggingface.co/production/uploads/placeholder';

  it('uses the first image of mediaUrls when there is no thumbnail, never a video', () => {
    expect(thumbnailOf(byId('2405.15682'))).toBe(`${UPLOADS}/road-less-scheduled.png`);
    expect(thumbnailOf(byId('2406.14347'))).toBe(`${UPLOADS}/nabla2dft-overview.png`);
    expect(thumbnailOf(byId('2406.14408'))).toBeNull();
  });

  it('prefers the thumbnail when there is one', () => {
    const raw = clone<HfDailyEntry>(byId('2501.07574'));
    raw.mediaUrls = [`${UPLOADS}/teaser.png`];
    expect(thumbnailOf(raw)).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2501.07574.png');
    raw.thumbnail = 'javascript:alert(1)';
    expect(thumbnailOf(raw)).toBe(`${UPLOADS}/teaser.png`);
  });

  it('reads mediaUrl too, under paper or at the top, and resolves a relative one against the endpoint', () => {
    const raw = clone(byId('2406.14408')) as unknown as Record<string, unknown> & { paper: Record<string, unknown> };
    raw.paper.mediaUrl = '/uploads/cover.JPG?download=true';
    expect(thumbnailOf(raw)).toBe(`${ENDPOINT}/uploads/cover.JPG?download=true`);
    raw.mediaUrl = 'https://cdn.example.org/first.webp';
    expect(thumbnailOf(raw)).toBe('https://cdn.example.org/first.webp');
  });

  it('ignores malformed media, keeping the paper', () => {
    for (const bad of [{ mediaUrls: 'x.png' }, { mediaUrls: [42, null, 'javascript:x.png'] }, { mediaUrl: 7 }]) {
      const raw = { ...clone(byId('2406.14408')), ...bad };
      expect(read(raw, REAL_TEXT_2024)).toMatchObject({ kind: 'entry' });
      expect(thumbnailOf(raw)).toBeNull();
    }
  });
});
