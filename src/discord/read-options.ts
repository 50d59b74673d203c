import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Role,
  type User,
} from 'discord.js';
import { z } from 'zod';
import { UserError } from './user-error.ts';

/** A resolved user, channel or role option: checked to be an object with an id, typed as discord.js gives it. */
const resolved = <T extends { id: string }>() =>
  z.custom<T>((v) => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string');
export const userOption = resolved<User>;
export const roleOption = resolved<Role>;
export const channelOption = resolved<{ id: string }>;

function valueOf(o: CommandInteractionOption): unknown {
  switch (o.type) {
    case ApplicationCommandOptionType.User:
      return o.user;
    case ApplicationCommandOptionType.Channel:
      return o.channel;
    case ApplicationCommandOptionType.Role:
      return o.role;
    default:
      return o.value;
  }
}

/**
 * The invoked subcommand's options as one typed object, checked against the schema that sits beside the
 * subcommand's definition. Discord already enforces types, choices and ranges, so a failure here is a
 * stale or malformed interaction; the member is told which option to fix.
 */
export function readOptions<S extends z.ZodType>(interaction: ChatInputCommandInteraction, schema: S): z.output<S> {
  const [first] = interaction.options.data;
  const list =
    first?.type === ApplicationCommandOptionType.Subcommand ? (first.options ?? []) : interaction.options.data;
  const raw = Object.fromEntries(list.map((o) => [o.name, valueOf(o)]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path[0];
  throw new UserError(
    `The option \`${String(name ?? 'options')}\` is not valid: ${issue?.message ?? 'unexpected value'}.`,
  );
}
