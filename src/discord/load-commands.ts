import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandModuleSchema, type CommandModule } from './command-module.ts';

export class CommandLoadError extends Error {
  override name = 'CommandLoadError';
}

export const commandsDir = new URL('../../commands/', import.meta.url);

/** Imports every command file, checks its shape, and maps command name to module. */
export async function loadCommands(dir: URL | string = commandsDir): Promise<Map<string, CommandModule>> {
  const path = typeof dir === 'string' ? dir : dir.pathname;
  const files = (await readdir(path)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
  const commands = new Map<string, CommandModule>();
  for (const file of files) {
    let mod: unknown;
    try {
      mod = await import(pathToFileURL(join(path, file)).href);
    } catch (err) {
      // discord.js's builders throw while the file loads when a name or description breaks Discord's rules.
      throw new CommandLoadError(`commands/${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    const parsed = commandModuleSchema.safeParse(mod);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CommandLoadError(`commands/${file}: ${issue?.path.join('.') || 'module'}: ${issue?.message}`);
    }
    const command = mod as CommandModule;
    const name = command.data.name;
    if (name !== basename(file, extname(file))) {
      throw new CommandLoadError(`commands/${file}: declares the command "${name}"; the file must be named ${name}${extname(file)}`);
    }
    if (commands.has(name)) throw new CommandLoadError(`commands/${file}: a second command named "${name}"`);
    commands.set(name, command);
  }
  return commands;
}
