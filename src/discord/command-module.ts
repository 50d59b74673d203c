import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { CustomId } from './custom-id.ts';

/** What each `commands/<name>/index.ts` exports; `Ctx` is what the app hands every handler. */
export interface CommandModule<Ctx> {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: Ctx): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: Ctx): Promise<void>;
  /** Buttons and select menus whose custom_id starts with this command's name. */
  component?(interaction: MessageComponentInteraction, ctx: Ctx, id: CustomId): Promise<void>;
  /** Submitted modals whose custom_id starts with this command's name. */
  modal?(interaction: ModalSubmitInteraction, ctx: Ctx, id: CustomId): Promise<void>;
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { error: 'expected a function' });

// Checked when the file is loaded, so a malformed command stops start-up with a clear message
// instead of failing the first time a member uses it.
export const commandModuleSchema = z.object({
  data: z.object({
    name: z.string().regex(/^[-_a-z0-9]{1,32}$/, { error: 'expected a lower-case name of 1 to 32 characters' }),
    toJSON: fn,
  }),
  execute: fn,
  autocomplete: fn.optional(),
  component: fn.optional(),
  modal: fn.optional(),
});
