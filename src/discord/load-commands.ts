import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandModuleSchema, type CommandModule } from './command-module.ts';

export class CommandLoadError extends Error {
  override name = 'CommandLoadError';
}

export const commandsDir = new URL('../../commands/', import.meta.url);

/**
 * Imports every command folder's `index.ts` (or `index.js`), checks its shape, and maps command name to
 * module. The folder is named after the command.
 */
export async function loadCommands<Ctx>(dir: URL | string = commandsDir): Promise<Map<string, CommandModule<Ctx>>> {
  const path = typeof dir === 'string' ? dir : dir.pathname;
  const folders = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const commands = new Map<string, CommandModule<Ctx>>();
  for (const folder of folders) {
    const index = ['index.ts', 'index.js'].find((f) => existsSync(join(path, folder, f)));
    if (!index) throw new CommandLoadError(`commands/${folder}/: has no index.ts`);
    const file = `commands/${folder}/${index}`;
    let mod: unknown;
    try {
      mod = await import(pathToFileURL(join(path, folder, index)).href);
    } catch (err) {
      // discord.js's builders throw while the file loads when a name or description breaks Discord's rules.
      throw new CommandLoadError(`${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    const parsed = commandModuleSchema.safeParse(mod);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CommandLoadError(`${file}: ${issue?.path.join('.') || 'module'}: ${issue?.message}`);
    }
    const command = mod as CommandModule<Ctx>;
    const name = command.data.name;
    if (name !== folder) {
      throw new CommandLoadError(`${file}: declares the command "${name}"; its folder must be named commands/${name}/`);
    }
    commands.set(name, command);
  }
  return commands;
}
