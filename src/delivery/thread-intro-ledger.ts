import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Ledger } from '../outbox/outbox.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { ThreadIntro, ThreadIntroStore } from './thread-intro-store.ts';

/** How a thread's intro looks: owned by the Discord adapter, handed in by the app. */
export interface ThreadIntroLayout {
  render(paper: Paper): RESTPostAPIChannelMessageJSONBody;
  isRenderingOf(paper: Paper, message: APIMessage): boolean;
}

export interface ThreadIntroLedgerContext {
  intros: ThreadIntroStore;
  papers: PaperStore;
  layout: ThreadIntroLayout;
}

/** The first message of each discussion thread the bot opens, as the outbox sees it. */
export function threadIntroLedger(ctx: ThreadIntroLedgerContext): Ledger<ThreadIntro> {
  return {
    name: 'thread intros',
    channelsWithWork: () => ctx.intros.channelsWithPending(),
    guildOf: (threadId) => ctx.intros.guildOf(threadId),
    pending: (threadId) => ctx.intros.pending(threadId),
    render(intro) {
      const paper = ctx.papers.get(intro.paperId);
      // The outbox gives an intro that cannot be rendered up as refused: it would only fail again.
      if (!paper) throw new Error(`paper ${intro.paperId} is no longer stored`);
      return ctx.layout.render(paper);
    },
    isMessageOf(intro, message) {
      const paper = ctx.papers.get(intro.paperId);
      return paper !== null && ctx.layout.isRenderingOf(paper, message);
    },
    markAttempt: (intro) => ctx.intros.markAttempt(intro.channelId),
    markSent: (intro, messageId) => ctx.intros.markSent(intro.channelId, messageId),
    markFailed(intro, failure, gaveUp) {
      // A thread deleted or closed to the bot loses only its intro; the outbox has logged why.
      if (gaveUp) ctx.intros.markFailed(intro.channelId, failure.reason);
    },
  };
}
