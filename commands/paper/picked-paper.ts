import type { MessageComponentInteraction } from 'discord.js';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { UserError } from '../../src/discord/user-error.ts';

/** The paper a button names in its custom id, or the one picked in a menu. */
export function pickedPaper(interaction: MessageComponentInteraction, id: CustomId): string {
  const paperId = interaction.isStringSelectMenu() ? interaction.values[0] : id.args[0];
  if (!paperId) throw new UserError('That control does not name a paper.');
  return paperId;
}
