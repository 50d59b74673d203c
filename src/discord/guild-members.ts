import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { MemberCheck } from '../follows/follow.ts';

/** How long a member found in a server is taken to still be there. */
export const MEMBER_TTL_MS = 5 * 60_000;
/** Past this many remembered members, the expired ones are forgotten. */
const SWEEP_AT = 10_000;

/**
 * Whether users are still members of a server, by REST (Get Guild Member): without the privileged GuildMembers
 * intent the bot hears of no departure and discord.js's cached members go stale, so Discord is asked. A member
 * found is remembered for `ttlMs` on the bot's clock, so the notifications of one fetch cost one request a member.
 * Unknown Member (10007), or Unknown User (10013) for a deleted account, means they are gone.
 */
export function createMemberCheck(
  ctx: { rest: Pick<REST, 'get'>; now: () => Date },
  ttlMs: number = MEMBER_TTL_MS,
): MemberCheck {
  const seen = new Map<string, number>();
  const key = (guildId: string, userId: string) => `${guildId}:${userId}`;
  const fresh = (k: string): boolean => {
    const at = seen.get(k);
    if (at === undefined) return false;
    if (ctx.now().getTime() - at < ttlMs) return true;
    seen.delete(k);
    return false;
  };
  return {
    isKnownMember: (guildId, userId) => fresh(key(guildId, userId)),
    async check(guildId, userId) {
      const k = key(guildId, userId);
      if (fresh(k)) return 'member';
      try {
        await ctx.rest.get(Routes.guildMember(guildId, userId));
      } catch (err) {
        const gone = [RESTJSONErrorCodes.UnknownMember, RESTJSONErrorCodes.UnknownUser] as unknown[];
        if (err instanceof DiscordAPIError && gone.includes(err.code)) return 'left';
        throw err;
      }
      const at = ctx.now().getTime();
      if (seen.size >= SWEEP_AT) for (const [other, t] of seen) if (at - t >= ttlMs) seen.delete(other);
      seen.set(k, at);
      return 'member';
    },
  };
}
