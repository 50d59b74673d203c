import { createHash } from 'node:crypto';
import { Routes, type REST, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { MetaStore } from '../db/meta-store.ts';
import type { CommandModule } from './command-module.ts';

export const definitionsOf = (
  commands: ReadonlyMap<string, Pick<CommandModule<never>, 'data'>>,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] => [...commands.values()].map((c) => c.data.toJSON());

export interface RegistrationTarget {
  applicationId: string;
  /** A server for instant development registration; otherwise the commands are global. */
  guildId?: string | undefined;
}

function fingerprint(body: unknown, target: RegistrationTarget): string {
  return createHash('sha256')
    .update(JSON.stringify({ body, ...target }))
    .digest('hex');
}

/** Bulk-overwrites the commands (guild or global). Records what was registered. */
export async function registerCommands(
  rest: REST,
  meta: MetaStore,
  target: RegistrationTarget,
  body: RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<void> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  await rest.put(route, { body });
  meta.set('commands_hash', fingerprint(body, target));
}

/**
 * Registers only when the definitions (or where they go) changed since the last registration, so a
 * restart costs no request and never runs into Discord's daily command-creation limit.
 */
export async function registerCommandsIfChanged(
  rest: REST,
  meta: MetaStore,
  target: RegistrationTarget,
  body: RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<boolean> {
  if (meta.get('commands_hash') === fingerprint(body, target)) return false;
  await registerCommands(rest, meta, target, body);
  return true;
}
