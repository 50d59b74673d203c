import type { Client, REST } from 'discord.js';
import type { ClubContext } from '../club/run-club.ts';
import type { BotConfig } from '../config/env.ts';
import type { MetaStore } from '../db/meta-store.ts';
import type { Database } from '../db/open.ts';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import type { DayFetcher } from '../delivery/ensure-day.ts';
import type { FetchQuota } from '../delivery/fetch-quota.ts';
import type { ThreadMessageStore } from '../discussion/thread-message-store.ts';
import type { ThreadIntroStore } from '../delivery/thread-intro-store.ts';
import type { ScheduledEvents } from '../discord/scheduled-events.ts';
import type { SearchSessions } from '../discord/search-sessions.ts';
import type { Threads } from '../discord/threads.ts';
import type { VoteRefresher } from '../discord/vote-refresher.ts';
import type { AnswerContext } from '../fulltext/answer-question.ts';
import type { Fulltext } from '../fulltext/ensure-fulltext.ts';
import type { AddFollowOutcome, FollowRequest } from '../follows/add-follow.ts';
import type { FollowMessageStore } from '../follows/follow-message-store.ts';
import type { FollowStore } from '../follows/follow-store.ts';
import type { FollowNotifier } from '../follows/notify-follows.ts';
import type { Logger } from '../log/logger.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { PaperLookup } from '../papers/find-paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { TasteModels } from '../recommend/taste-models.ts';
import type { SearchRequest, SearchResult } from '../search/types.ts';
import type { GuildSettingsStore } from '../settings/guild-settings-store.ts';
import type { FetchLog } from '../sources/fetch-log.ts';
import type { HfClient } from '../sources/hf-client.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import type { SummarizeContext } from '../summaries/summarize-paper.ts';
import type { VoteStore } from '../votes/vote-store.ts';
import type { WeeklyStore } from '../weekly/weekly-store.ts';

/** Everything a command handler or job may use, passed explicitly: there is no global container. */
export interface BotContext {
  config: BotConfig;
  db: Database;
  meta: MetaStore;
  papers: PaperStore;
  lookup: PaperLookup;
  fetchLog: FetchLog;
  hf: HfClient;
  days: DayFetcher;
  /** Fetches of unstored days each server's commands may start (5 per 10 minutes). */
  fetchQuota: FetchQuota;
  subscriptions: SubscriptionStore;
  guildSettings: GuildSettingsStore;
  deliveries: DeliveryStore;
  outbox: Outbox;
  threads: Threads;
  summaries: SummarizeContext;
  /** Papers' full text from arXiv's HTML (or their abstract), as passages to quote. */
  fulltext: Fulltext;
  /** Answers to questions about a paper: its passages, the summary model, and the answers cached. */
  answers: AnswerContext;
  votes: VoteStore;
  voteRefresher: VoteRefresher;
  /** Recommendation models learned from the server's upvotes (`/paper recommend`, `rank:server-taste`). */
  taste: TasteModels;
  weekly: WeeklyStore;
  /** Discord's scheduled events (the reading club's sessions are events). */
  scheduledEvents: ScheduledEvents;
  /** The reading club: sessions, their posts and reminders, polls. */
  club: ClubContext;
  /** The first message of each discussion thread the bot opened. */
  intros: ThreadIntroStore;
  /** Members' follows: saved searches that notify them of new papers. */
  follows: {
    store: FollowStore;
    messages: FollowMessageStore;
    /** Matches papers stored since the last run against the follows and sends the notifications. */
    notifier: FollowNotifier;
    /** Adds a follow of the papers stored from now on, unless it would find nothing or almost everything. */
    add(f: FollowRequest): AddFollowOutcome;
  };
  /** Members' messages in papers' discussion threads, counted (never their content). */
  threadMessages: ThreadMessageStore;
  search: { run(guildId: string, request: SearchRequest): SearchResult; sessions: SearchSessions; sync(): number };
  log: Logger;
  client: Client;
  rest: REST;
  now: () => Date;
  botUserId: () => string;
  voteCount: (guildId: string, paperId: string) => number;
  notify: (guildId: string, key: string, text: string) => Promise<void>;
  /** Runs work that shutdown must wait for (deliveries, interaction replies). */
  track: <T>(work: Promise<T>) => Promise<T>;
}
