import type { Logger } from '../log/logger.ts';
import type { SendFailure } from '../outbox/send-error.ts';
import { DMS_CLOSED } from './follow-ledger.ts';
import type { MemberCheck } from './follow.ts';
import type { FollowMessageStore } from './follow-message-store.ts';
import type { FollowStore } from './follow-store.ts';
import { matchNewPapers, type FollowMatchContext } from './match-new-papers.ts';

export interface NotifyFollowsContext extends FollowMatchContext {
  follows: FollowMatchContext['follows'] & Pick<FollowStore, 'pauseDm' | 'removeMember'>;
  messages: FollowMatchContext['messages'] &
    Pick<
      FollowMessageStore,
      'unopenedDms' | 'setDmChannel' | 'failUnopened' | 'channelsWithPending' | 'pendingHere' | 'stopMember'
    >;
  /** Whether a member is still in the server, cached for a short while. */
  members: MemberCheck;
  /** Opens (or finds: Discord keeps one per member) the member's DM channel. */
  openDm: (userId: string) => Promise<string>;
  classify: (err: unknown) => SendFailure;
  send: (channelId: string) => Promise<void>;
  /** Lets the event loop breathe between matching steps of a large backfill. */
  yieldNow: () => Promise<void>;
  log: Logger;
}

export const MEMBER_LEFT = 'the member left the server';

export type FollowNotifier = ReturnType<typeof createFollowNotifier>;

/**
 * Runs follow matching and sends what it recorded. Calls while a run is going (a fetch right after another, the
 * minute's tick) fold into one more run after it, so papers stored meanwhile are never missed nor matched twice.
 */
export function createFollowNotifier(ctx: NotifyFollowsContext) {
  let running: Promise<void> | null = null;
  let again = false;

  async function once(): Promise<void> {
    for (let step = matchNewPapers(ctx); step.more; step = matchNewPapers(ctx)) await ctx.yieldNow();
    // A member who left loses their notifications before any DM channel is opened for them.
    await checkMembers();
    await openDms();
    await Promise.all(
      ctx.messages
        .channelsWithPending()
        .map((c) =>
          ctx
            .send(c)
            .catch((err: unknown) => ctx.log.error({ err, channel: c }, 'sending follow notifications failed')),
        ),
    );
  }

  async function openDms(): Promise<void> {
    for (const userId of ctx.messages.unopenedDms()) {
      try {
        ctx.messages.setDmChannel(userId, await ctx.openDm(userId));
      } catch (err) {
        const failure = ctx.classify(err);
        // Unknown (a 5xx, the network): the next run opens it again.
        if (failure.kind === 'unknown') {
          ctx.log.warn({ user: userId, reason: failure.reason }, 'could not open a direct message channel');
          continue;
        }
        ctx.atomically(() => {
          for (const guildId of ctx.messages.failUnopened(userId, failure.reason))
            ctx.follows.pauseDm(guildId, userId, DMS_CLOSED);
        });
      }
    }
  }

  /**
   * A notification in a channel goes out only while its member is in the server. One who left loses their follows
   * there and their unsent notifications from it; when Discord cannot say (a 5xx, the network), it waits.
   */
  async function checkMembers(): Promise<void> {
    await Promise.all(
      ctx.messages.pendingHere().map(async ({ guildId, userId }) => {
        try {
          if ((await ctx.members.check(guildId, userId)) === 'member') return;
        } catch (err) {
          ctx.log.warn({ err, guild: guildId, user: userId }, 'could not check that a member is still in the server');
          return;
        }
        const removed = ctx.atomically(() => ({
          follows: ctx.follows.removeMember(guildId, userId),
          notifications: ctx.messages.stopMember(guildId, userId, MEMBER_LEFT),
        }));
        ctx.log.info({ guild: guildId, user: userId, ...removed }, 'a member left the server: their follows went');
      }),
    );
  }

  return {
    /** Matches papers stored since the last run and sends the notifications; resolves when that is done. */
    run(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await once();
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
