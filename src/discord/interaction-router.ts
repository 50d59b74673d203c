import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import type { Logger } from '../log/logger.ts';
import type { CommandModule } from './command-module.ts';
import { decodeCustomId } from './custom-id.ts';
import { discordRefusal } from './discord-refusal.ts';
import { replyError } from './reply-error.ts';
import { UserError } from './user-error.ts';

export const newErrorRef = (): string => randomBytes(3).toString('hex').toUpperCase();

/** Sends each interaction to its command's handler; the one place where handler errors are caught. */
export async function routeInteraction<Ctx extends { log: Logger }>(
  interaction: Interaction,
  ctx: Ctx,
  commands: ReadonlyMap<string, CommandModule<Ctx>>,
): Promise<void> {
  try {
    await dispatch(interaction, ctx, commands);
  } catch (err) {
    let text: string;
    const refusal = discordRefusal(err);
    if (err instanceof UserError) {
      text = err.message;
    } else if (refusal) {
      // Discord's answer to what the member asked for: theirs to read and act on, not a bug of ours.
      ctx.log.info({ err, interaction: describe(interaction) }, 'Discord refused a request made for a member');
      text = refusal;
    } else {
      const ref = newErrorRef();
      ctx.log.error({ err, ref, interaction: describe(interaction) }, 'interaction handler failed');
      text = `Something went wrong (ref ${ref}). It has been logged; please try again later.`;
    }
    try {
      await replyError(interaction, text);
    } catch (replyErr) {
      ctx.log.warn({ err: replyErr, interaction: describe(interaction) }, 'could not tell the member about an error');
    }
  }
}

async function dispatch<Ctx>(interaction: Interaction, ctx: Ctx, commands: ReadonlyMap<string, CommandModule<Ctx>>) {
  if (interaction.isChatInputCommand()) {
    const command = commands.get(interaction.commandName);
    if (!command) throw new UserError(`This bot has no /${interaction.commandName} command any more. Try /paper.`);
    await command.execute(interaction, ctx);
  } else if (interaction.isAutocomplete()) {
    const command = commands.get(interaction.commandName);
    if (command?.autocomplete) await command.autocomplete(interaction, ctx);
    else await interaction.respond([]);
  } else if (interaction.isMessageComponent()) {
    const id = decodeCustomId(interaction.customId);
    const command = id ? commands.get(id.command) : undefined;
    if (!id || !command?.component)
      throw new UserError('This button is no longer supported. Newer posts have working ones.');
    await command.component(interaction, ctx, id);
  } else if (interaction.isModalSubmit()) {
    const id = decodeCustomId(interaction.customId);
    const command = id ? commands.get(id.command) : undefined;
    if (!id || !command?.modal) throw new UserError('This form is no longer supported. Use the command instead.');
    await command.modal(interaction, ctx, id);
  }
}

function describe(i: Interaction) {
  return {
    id: i.id,
    type: i.type,
    guild: i.guildId,
    command: i.isCommand() || i.isAutocomplete() ? i.commandName : undefined,
    customId: i.isMessageComponent() || i.isModalSubmit() ? i.customId : undefined,
  };
}
