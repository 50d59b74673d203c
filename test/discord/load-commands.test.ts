import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../src/discord/custom-id.ts';
import { CommandLoadError, loadCommands } from '../../src/discord/load-commands.ts';
import { ROOT } from '../support/run-script.ts';

// Inside the project so the files can import discord.js like real command files do.
const scratch = join(ROOT, 'node_modules', '.cache', 'paperboy-test-commands');
mkdirSync(scratch, { recursive: true });

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'c-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const command = (name: string) => `
  import { SlashCommandBuilder } from 'discord.js';
  export const data = new SlashCommandBuilder().setName('${name}').setDescription('d');
  export async function execute() {}
`;

describe('loading commands/', () => {
  it('loads the real commands: names match files, each has data and execute', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual(['paper', 'papers']);
    for (const [name, c] of commands) expect(c.data.toJSON().name).toBe(name);
  });

  it('maps names to modules', async () => {
    const commands = await loadCommands(dirWith({ 'alpha.ts': command('alpha'), 'beta.ts': command('beta'), 'notes.md': 'not code' }));
    expect([...commands.keys()]).toEqual(['alpha', 'beta']);
  });

  it.each([
    [{ 'alpha.ts': command('beta') }, 'commands/alpha.ts: declares the command "beta"; the file must be named beta.ts'],
    [{ 'alpha.ts': `export const data = { name: 'alpha', toJSON() { return {}; } };` }, 'commands/alpha.ts: execute: expected a function'],
    [{ 'alpha.ts': `export const execute = async () => {};` }, 'commands/alpha.ts: data'],
    [{ 'Bad Name.ts': command('Bad Name') }, 'commands/Bad Name.ts: Invalid string format'],
    [{ 'odd.ts': `export const data = { name: 'Odd Name', toJSON() { return {}; } }; export const execute = async () => {};` }, 'expected a lower-case name'],
  ])('refuses a malformed command file with a clear message', async (files, message) => {
    const err = await loadCommands(dirWith(files)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandLoadError);
    expect((err as Error).message).toContain(message);
  });
});

describe('custom ids', () => {
  it('round-trip and refuse what would be ambiguous or too long', () => {
    const id = encodeCustomId('paper', 'vote', 'hep-th/9901001');
    expect(id).toBe('paper:vote:hep-th/9901001');
    expect(decodeCustomId(id)).toEqual({ command: 'paper', action: 'vote', args: ['hep-th/9901001'] });
    expect(decodeCustomId('nonsense')).toBeNull();
    expect(() => encodeCustomId('paper', 'a:b')).toThrow(/contains ':'/);
    expect(() => encodeCustomId('paper', 'x'.repeat(100))).toThrow(/longer than 100/);
  });
});
