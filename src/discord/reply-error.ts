import { MessageFlags, type Interaction } from 'discord.js';

/**
 * Tells the member what went wrong, privately, whatever state the interaction is in. A private
 * "thinking…" placeholder is replaced; a public one is removed so the error is not shown to everyone;
 * a deferred button update (no placeholder) or an answered interaction gets a private follow-up.
 */
export async function replyError(interaction: Interaction, content: string): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const message = { content, allowedMentions: { parse: [] } };
  const privately = { ...message, flags: MessageFlags.Ephemeral } as const;
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(privately);
  } else if (interaction.deferred && !interaction.replied && interaction.ephemeral === true) {
    await interaction.editReply(message);
  } else {
    if (interaction.deferred && !interaction.replied && interaction.ephemeral === false) {
      await interaction.deleteReply().catch(() => undefined);
    }
    await interaction.followUp(privately);
  }
}
