import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../src/discord/custom-id.ts';
import { CommandLoadError, loadCommands } from '../../src/discord/load-commands.ts';
import { ROOT } from '../support/run-script.ts';

// Inside the project so the files can import discord.js like real command files do.
const scratch = join(ROOT, 'node_modules', '.cache', 'paperboy-test-commands');
mkdirSync(scratch, { recursive: true });

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'c-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
const command = (name: string) => `
  import { SlashCommandBuilder } from 'discord.js';
  export const data = new SlashCommandBuilder().setName('${name}').setDescription('d');
  export async function execute() {}
`;

describe('loading commands/', () => {
  it('loads the real commands: names match folders, each has data and execute', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual(['club', 'follow', 'paper', 'papers']);
    for (const [name, c] of commands) expect(c.data.toJSON().name).toBe(name);
  });

  it('maps names to modules', async () => {
    const commands = await loadCommands(
      dirWith({
        'alpha/index.ts': command('alpha'),
        'alpha/vote-button.ts': '',
        'beta/index.ts': command('beta'),
        'notes.md': 'not code',
      }),
    );
    expect([...commands.keys()]).toEqual(['alpha', 'beta']);
  });

  it.each([
    [
      { 'alpha/index.ts': command('beta') },
      'commands/alpha/index.ts: declares the command "beta"; its folder must be named commands/beta/',
    ],
    [
      { 'alpha/index.ts': `export const data = { name: 'alpha', toJSON() { return {}; } };` },
      'commands/alpha/index.ts: execute: expected a function',
    ],
    [{ 'alpha/index.ts': `export const execute = async () => {};` }, 'commands/alpha/index.ts: data'],
    [{ 'Bad Name/index.ts': command('Bad Name') }, 'commands/Bad Name/index.ts: Invalid string format'],
    [
      {
        'odd/index.ts':
          `export const data = { name: 'Odd Name', toJSON() { return {}; } }; ` +
          `export const execute = async () => {};`,
      },
      'expected a lower-case name',
    ],
    [{ 'alpha/search.ts': command('alpha') }, 'commands/alpha/: has no index.ts'],
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
