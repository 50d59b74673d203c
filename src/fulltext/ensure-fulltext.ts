import type { Logger } from '../log/logger.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import { ArxivFetchError, type FetchPriority, type HtmlResult } from './arxiv-client.ts';
import { capText, parsePaperPage, type Passage } from './parse-html.ts';
import {
  coverage,
  questionWords,
  type FulltextSource,
  type PassageStore,
  type ScoredPassage,
  type StoredPassage,
} from './passage-store.ts';
import { saveInSlices } from './save-in-slices.ts';

export interface FulltextDeps {
  arxiv: { fetchHtml(id: string, priority?: FetchPriority): Promise<HtmlResult>; promote?(id: string): void };
  passages: PassageStore;
  papers: Pick<PaperStore, 'get'>;
  log: Logger;
  /**
   * Parses a page into passages. Default: parsePaperPage on this thread, which a page of several megabytes holds
   * for about a second; the bot parses on its worker thread.
   */
  parse?: (page: Uint8Array) => Promise<Passage[]>;
  /** Given, a page's passages are stored a slice at a time, with this pause between slices (see saveInSlices). */
  pause?: () => Promise<void>;
}

export type Fulltext = ReturnType<typeof createFulltext>;

/** A paper's title and abstract as passages: what a question is answered from when arXiv has no HTML. */
export function abstractPassages(paper: { title: string; abstract: string }): StoredPassage[] {
  return [
    { order: 0, section: 'Title', anchor: null, kind: 'abstract', text: capText(paper.title) },
    { order: 1, section: 'Abstract', anchor: null, kind: 'abstract', text: capText(paper.abstract) },
  ].filter((p) => p.text.trim() !== '') as StoredPassage[];
}

/**
 * Makes sure a stored paper's passages are there to search, fetching and parsing arXiv's HTML the first time.
 * A paper without HTML (404) or whose page yields no passage is stored from its title and abstract, for good;
 * a failed fetch stores nothing (the next question tries again) and answers from the abstract this time.
 * Concurrent callers for one paper share one fetch.
 */
export function createFulltext({ arxiv, passages, papers, log, parse, pause }: FulltextDeps) {
  const inFlight = new Map<string, Promise<FulltextSource>>();

  const fromAbstract = (paperId: string, store: boolean): FulltextSource => {
    const paper = papers.get(paperId);
    if (store && paper) passages.save(paperId, 'abstract', abstractPassages(paper));
    return 'abstract';
  };

  async function load(paperId: string, priority: FetchPriority): Promise<FulltextSource> {
    let result: HtmlResult;
    try {
      result = await arxiv.fetchHtml(paperId, priority);
    } catch (err) {
      if (!(err instanceof ArxivFetchError)) throw err;
      log.warn({ paperId, problem: err.message }, 'arXiv HTML unavailable, answering from the abstract');
      return fromAbstract(paperId, false);
    }
    if (result.status === 'missing') return fromAbstract(paperId, true);
    const parsed = parse ? await parse(result.page) : parsePaperPage(result.page);
    if (parsed.length === 0) return fromAbstract(paperId, true);
    if (pause) await saveInSlices(passages, paperId, 'html', parsed, pause);
    else passages.save(paperId, 'html', parsed);
    return 'html';
  }

  /**
   * Where the paper's passages come from once this resolves: its HTML, or its title and abstract. A question
   * waiting on a background fetch moves it up the queue.
   */
  function ensure(paperId: string, priority: FetchPriority = 'question'): Promise<FulltextSource> {
    const stored = passages.source(paperId);
    if (stored) return Promise.resolve(stored);
    let running = inFlight.get(paperId);
    if (running) {
      if (priority === 'question') arxiv.promote?.(paperId);
      return running;
    }
    running = load(paperId, priority).finally(() => inFlight.delete(paperId));
    inFlight.set(paperId, running);
    return running;
  }

  return {
    /** Whether the paper's passages are stored (else a fetch failed just now and only the abstract is known). */
    isStored: (paperId: string): boolean => passages.has(paperId),
    ensure,
    /** Fetches the paper's full text in the background (a thread opened on it), so a first question is quick. */
    prefetch(paperId: string): void {
      ensure(paperId, 'background').catch((err: unknown) => {
        log.warn({ err, paperId }, 'could not fetch the full text of a paper in the background');
      });
    },
    /**
     * The paper's passages that share a word with the question, best first (see PassageStore.search). When
     * nothing is stored (arXiv failed just now), the title and abstract are ranked here by shared words, and
     * their coverage counted the same way, on exact words.
     */
    search(paperId: string, question: string, limit: number): ScoredPassage[] {
      if (passages.has(paperId)) return passages.search(paperId, question, limit);
      const paper = papers.get(paperId);
      if (!paper) return [];
      const wanted = questionWords(question);
      const candidates = abstractPassages(paper).map((p) => ({ p, words: new Set(questionWords(p.text)) }));
      const df = wanted.map((w) => candidates.filter((c) => c.words.has(w)).length);
      return candidates
        .map(({ p, words }) => {
          const matched = wanted.map((w) => words.has(w));
          return {
            ...p,
            score: matched.filter(Boolean).length,
            coverage: coverage(matched, df, candidates.length),
          };
        })
        .filter((p) => p.score > 0)
        .sort((a, b) => b.score - a.score || a.order - b.order)
        .slice(0, limit);
    },
  };
}
