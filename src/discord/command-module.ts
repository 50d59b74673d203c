import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../app/bot-context.ts';
import type { CustomId } from './custom-id.ts';

/** What each file in `commands/` exports. */
export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  /** Buttons and select menus whose custom_id starts with this command's name. */
  component?(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void>;
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
});
