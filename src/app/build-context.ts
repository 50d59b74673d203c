import type { Client } from 'discord.js';
import { clubLedger } from '../club/club-ledger.ts';
import { createClubPostStore } from '../club/club-post-store.ts';
import { createPollStore } from '../club/poll-store.ts';
import { createSessionStore } from '../club/session-store.ts';
import type { BotConfig } from '../config/env.ts';
import { immediate } from '../db/immediate.ts';
import { createMetaStore } from '../db/meta-store.ts';
import type { Database } from '../db/open.ts';
import { deliveryLedger } from '../delivery/delivery-ledger.ts';
import { createDeliveryStore } from '../delivery/delivery-store.ts';
import { createDayFetcher } from '../delivery/ensure-day.ts';
import { createFetchQuota } from '../delivery/fetch-quota.ts';
import { threadIntroLedger } from '../delivery/thread-intro-ledger.ts';
import { createThreadIntroStore } from '../delivery/thread-intro-store.ts';
import { clubEvents, pollResults } from '../discord/club-discord.ts';
import { clubLayout } from '../discord/club-layout.ts';
import { openDm } from '../discord/direct-messages.ts';
import { followLayout } from '../discord/follow-layout.ts';
import { createMemberCheck } from '../discord/guild-members.ts';
import { notifyLogChannel } from '../discord/log-channel.ts';
import { postLayout } from '../discord/post-layout.ts';
import { createScheduledEvents } from '../discord/scheduled-events.ts';
import { createSearchSessions } from '../discord/search-sessions.ts';
import { threadIntroLayout } from '../discord/thread-intro-layout.ts';
import { createThreads } from '../discord/threads.ts';
import { createVoteRefresher } from '../discord/vote-refresher.ts';
import { weeklyLayout } from '../discord/weekly-layout.ts';
import { createThreadMessageStore } from '../discussion/thread-message-store.ts';
import { addFollow } from '../follows/add-follow.ts';
import { createFollowHitStore } from '../follows/follow-hit-store.ts';
import { followLedger } from '../follows/follow-ledger.ts';
import { createFollowMessageStore } from '../follows/follow-message-store.ts';
import { createFollowStore } from '../follows/follow-store.ts';
import { createFollowNotifier } from '../follows/notify-follows.ts';
import { createAnswerCache } from '../fulltext/answer-cache.ts';
import { createArxivClient } from '../fulltext/arxiv-client.ts';
import { createFulltext } from '../fulltext/ensure-fulltext.ts';
import { createPassageStore } from '../fulltext/passage-store.ts';
import type { Logger } from '../log/logger.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { classifySendError } from '../outbox/send-error.ts';
import { createPaperLookup } from '../papers/find-paper.ts';
import { createPaperStore } from '../papers/paper-store.ts';
import { createTasteModels } from '../recommend/taste-models.ts';
import { createTasteStore } from '../recommend/taste-store.ts';
import { createSearch } from '../search/search-engine.ts';
import { termStatsReader } from '../search/stored-term-stats.ts';
import { createTokenizer } from '../search/tokenizer.ts';
import { createGuildSettingsStore } from '../settings/guild-settings-store.ts';
import { createFetchLog } from '../sources/fetch-log.ts';
import { createHfClient } from '../sources/hf-client.ts';
import { createSubscriptionStore } from '../subscriptions/subscription-store.ts';
import { createModelState } from '../summaries/summarize-paper.ts';
import { createSummaryCache } from '../summaries/summary-cache.ts';
import { chatSummarizerFromEnv } from '../summaries/summary-config.ts';
import { createVoteStore } from '../votes/vote-store.ts';
import { weeklyLedger } from '../weekly/run-weekly.ts';
import { createWeeklyStore } from '../weekly/weekly-store.ts';
import type { BotContext } from './context.ts';
import type { CpuPool } from './cpu-pool.ts';
import { offloadedTasteCompute } from './offloaded-taste.ts';

/** The newest paper follows were matched against (meta). */
const FOLLOWS_CURSOR = 'follows_matched_pk';

export interface ContextParts {
  config: BotConfig;
  log: Logger;
  now: () => Date;
  db: Database;
  client: Client;
  track: BotContext['track'];
  /** The worker thread for CPU-heavy work; null runs it on this thread. */
  cpu: CpuPool | null;
}

/** The view's buffer when the view spans all of it (a small Buffer shares Node's pool, which must not move). */
const ownBuffer = (view: Uint8Array): ArrayBuffer[] =>
  view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength
    ? [view.buffer]
    : [];

/** Builds every store, service and adapter the bot's handlers and jobs use, wired together once. */
export function buildContext({ config, log, now, db, client, track, cpu }: ContextParts): BotContext {
  // Work done a piece at a time waits here between pieces: one piece per turn of the event loop, so the gateway and
  // interactions are read in between even when many pieces wait at once (setImmediate callbacks queued together all
  // run in the same turn).
  let turns = Promise.resolve();
  const yieldNow = () => (turns = turns.then(() => new Promise<void>((resolve) => setImmediate(resolve))));
  const papers = createPaperStore(db, now);
  const votes = createVoteStore(db, now);
  const deliveries = createDeliveryStore(db, now);
  const subscriptions = createSubscriptionStore(db, now);
  const guildSettings = createGuildSettingsStore(db);
  const weekly = createWeeklyStore(db, now);
  const intros = createThreadIntroStore(db, now);
  const threadMessages = createThreadMessageStore(db);
  const sessions = createSessionStore(db, now);
  const scheduledEvents = createScheduledEvents(client.rest);
  const clubPosts = createClubPostStore(db, now);
  const polls = createPollStore(db, now);
  const meta = createMetaStore(db);
  const follows = createFollowStore(db, now);
  const followMessages = createFollowMessageStore(db, now);
  const followHits = createFollowHitStore(db);
  const atomically = <T>(work: () => T): T => immediate(db, work)();
  const fetchLog = createFetchLog(db, now);
  const hf = createHfClient({ endpoint: config.HF_ENDPOINT, token: config.HF_TOKEN, log, now });
  const rest = client.rest;
  const botUserId = () => client.user?.id ?? '';
  const voteCount = (guildId: string, paperId: string) => votes.count(guildId, paperId);
  // Which `here` followers are still in their server: asked by REST, remembered a few minutes.
  const members = createMemberCheck({ rest, now });
  const notify = (guildId: string, key: string, text: string) =>
    notifyLogChannel({ rest, meta, guildSettings, log, now }, guildId, key, text);
  const threads = createThreads({
    rest,
    deliveries,
    papers,
    subscriptions,
    intros,
    // Bound lazily: the outbox and the full text are built below.
    opened(threadId, paperId) {
      void track(outbox.send(threadId)).catch((err: unknown) =>
        log.error({ err, channel: threadId }, 'sending a thread intro failed'),
      );
      fulltext.prefetch(paperId);
    },
    log,
  });
  const outbox = createOutbox({ rest, log, now, botUserId }, [
    deliveryLedger({
      deliveries,
      papers,
      subscriptions,
      layout: postLayout,
      voteCount,
      openThread: (post) => threads.onPost(post),
      notify,
    }),
    weeklyLedger({ weekly, votes, papers, threadMessages, layout: weeklyLayout, notify }),
    // A thread's intro goes before anything else the bot posts there (a session's announcement).
    threadIntroLedger({ intros, papers, layout: threadIntroLayout }),
    clubLedger({ atomically, posts: clubPosts, sessions, polls, layout: clubLayout }),
    followLedger({
      follows,
      messages: followMessages,
      hits: followHits,
      papers,
      layout: followLayout,
      guildName: (guildId) => client.guilds.cache.get(guildId)?.name ?? null,
      members,
      atomically,
    }),
  ]);
  // Follows have their own tokenizer: it sees only new papers and members' queries, not searches.
  const followTokenizer = createTokenizer(db, 50_000, 5_000);
  const termStats = termStatsReader(db);
  const notifier = createFollowNotifier({
    follows,
    messages: followMessages,
    hits: followHits,
    papers,
    cursor: {
      get: () => {
        const value = meta.get(FOLLOWS_CURSOR);
        return value === null ? null : Number(value);
      },
      set: (pk) => meta.set(FOLLOWS_CURSOR, String(pk)),
    },
    tokenizer: followTokenizer,
    stats: termStats,
    compiled: new Map(),
    atomically,
    openDm: (userId) => openDm(rest, userId),
    members,
    classify: classifySendError,
    send: (channelId) => outbox.send(channelId),
    yieldNow,
    log,
  });
  const papersStored = () => {
    engine.sync();
    void track(notifier.run()).catch((err: unknown) => log.error({ err }, 'notifying follows failed'));
  };
  // Votes are per server and a search runs synchronously, so the server being searched is set right
  // before each search and read by the engine's vote lookup within that same call.
  let searchingGuild = '';
  // Indexing happens after each fetch, after a CLI backfill and at start-up, never inside a member's search.
  const engine = createSearch(db, { autoSync: false, voteCounts: (ids) => votes.counts(searchingGuild, ids) });
  // One model endpoint serves summaries and answers, so they share its calls in flight and its breaker.
  const summaries = {
    cache: createSummaryCache(db, now),
    llm: chatSummarizerFromEnv(config),
    model: createModelState(),
    log,
  };
  const fulltext = createFulltext({
    arxiv: createArxivClient({ endpoint: config.ARXIV_ENDPOINT, timeoutMs: config.ARXIV_TIMEOUT_MS, log }),
    passages: createPassageStore(db, now),
    papers,
    log,
    // A page of several megabytes is handed to the worker thread (not copied), parsed there, and stored in slices.
    ...(cpu
      ? { parse: (page: Uint8Array) => cpu.run('parsePaperPage', [page], ownBuffer(page)), pause: yieldNow }
      : {}),
  });
  return {
    config,
    db,
    meta,
    papers,
    lookup: createPaperLookup(db),
    fetchLog,
    hf,
    days: createDayFetcher({ hf, papers, fetchLog, log, now, index: papersStored }),
    fetchQuota: createFetchQuota(now),
    subscriptions,
    guildSettings,
    deliveries,
    outbox,
    threads,
    summaries,
    fulltext,
    answers: { fulltext, answers: createAnswerCache(db, now), llm: summaries.llm, model: summaries.model, log },
    log,
    client,
    rest,
    now,
    botUserId,
    votes,
    voteRefresher: createVoteRefresher({ rest, deliveries, papers, votes, log }),
    taste: createTasteModels({
      store: createTasteStore(db),
      log,
      now,
      ...(cpu ? { compute: offloadedTasteCompute(cpu), pause: yieldNow } : {}),
    }),
    voteCount,
    weekly,
    intros,
    threadMessages,
    follows: {
      store: follows,
      messages: followMessages,
      notifier,
      add: (f) => addFollow({ store: follows, papers, tokenizer: followTokenizer, stats: termStats }, f),
    },
    scheduledEvents,
    club: {
      sessions,
      posts: clubPosts,
      polls,
      papers,
      votes,
      events: clubEvents(scheduledEvents),
      pollResults: (channelId, messageId) => pollResults(rest, channelId, messageId),
      send: (channelId) => outbox.send(channelId),
      now,
      log,
    },
    search: {
      run(guildId, request) {
        searchingGuild = guildId;
        return engine.search(request);
      },
      sessions: createSearchSessions(),
      sync: () => engine.sync(),
    },
    notify,
    track,
  };
}
