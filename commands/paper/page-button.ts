import type { MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { searchPage } from './search.ts';

export const actions = ['page'] as const;

/** Prev/Next under search results: only the member who searched may turn the page; it updates in place. */
export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  const token = id.args[0] ?? '';
  const session = ctx.search.sessions.get(token);
  if (!session) throw new UserError('This search has expired. Run `/paper search` again.');
  if (session.userId !== interaction.user.id) {
    throw new UserError('Only the member who searched can turn these pages. Run `/paper search` yourself to browse.');
  }
  const request = { ...session.request, page: Math.max(1, Number(id.args[1])) };
  ctx.search.sessions.update(token, request);
  await interaction.update({
    ...searchPage(ctx, session.userId, session.guildId, request, token),
    allowedMentions: { parse: [] },
  });
}
