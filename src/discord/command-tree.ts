import type {
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  SlashCommandBuilder,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { CommandModule } from './command-module.ts';
import type { CustomId } from './custom-id.ts';
import { UserError } from './user-error.ts';

/** A subcommand's file: its definition and its handler. */
export interface Subcommand<Ctx> {
  definition(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void>;
}

/**
 * A button's or menu's file: the custom_id actions it answers, and its handler. A button that opens a modal
 * may also answer the modal's submission: the modal's custom_id actions, and their handler.
 */
export interface Component<Ctx> {
  actions: readonly string[];
  handle(interaction: MessageComponentInteraction, ctx: Ctx, id: CustomId): Promise<void>;
  modals?: readonly string[];
  submit?(interaction: ModalSubmitInteraction, ctx: Ctx, id: CustomId): Promise<void>;
}

/**
 * A slash command made of subcommand files (added in the order given, which is the order Discord shows) and
 * component files: its definition and the handlers that route to those files.
 */
export function commandTree<Ctx>(
  builder: SlashCommandBuilder,
  subcommands: Record<string, Subcommand<Ctx>>,
  components: readonly Component<Ctx>[] = [],
): Pick<CommandModule<Ctx>, 'data' | 'execute' | 'component' | 'modal'> {
  for (const s of Object.values(subcommands)) builder.addSubcommand((b) => s.definition(b));
  const byAction = new Map(components.flatMap((c) => c.actions.map((a) => [a, c] as const)));
  const byModal = new Map(components.flatMap((c) => (c.modals ?? []).map((a) => [a, c] as const)));
  return {
    data: builder,
    async execute(interaction, ctx) {
      const sub = subcommands[interaction.options.getSubcommand(true)];
      if (!sub)
        throw new UserError(`This subcommand is no longer supported. Type /${builder.name} to see the current ones.`);
      await sub.execute(interaction, ctx);
    },
    async component(interaction, ctx, id) {
      const handler = byAction.get(id.action);
      if (!handler) throw new UserError('This button is no longer supported. Newer posts have working ones.');
      await handler.handle(interaction, ctx, id);
    },
    async modal(interaction, ctx, id) {
      const handler = byModal.get(id.action);
      if (!handler?.submit) throw new UserError('This form is no longer supported. Use the command instead.');
      await handler.submit(interaction, ctx, id);
    },
  };
}
