// npm run bench:interactions [-- --commands N]
// Time from INTERACTION_CREATE (the emulator dispatching a slash command) to the bot's interaction
// callback arriving at the emulator, for /paper show (a store lookup and an embed), one at a time.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/open.ts';
import { createPaperStore } from '../src/papers/paper-store.ts';
import { startBot, tempDbPath } from '../test/support/bot-harness.ts';
import { startDiscordEmulator } from '../test/support/discord/emulator.ts';
import { listedOn, paper } from '../test/support/papers.ts';

const { values } = parseArgs({ options: { commands: { type: 'string', default: '1000' } } });
const n = Number(values.commands);
const databasePath = tempDbPath();
const db = openDatabase(databasePath);
createPaperStore(db).save(
  Array.from({ length: 200 }, (_, i) =>
    listedOn('2025-09-08', paper(`2509.${String(10000 + i)}`, { title: `Paper number ${i}` })),
  ),
);
db.close();

const emu = await startDiscordEmulator();
const { bot } = await startBot(emu, { databasePath });
const channelId = emu.channel('general').id;
const times: number[] = [];
for (let i = 0; i < n + 50; i++) {
  const t = performance.now();
  const ix = emu.sendSlashCommand({
    channelId,
    name: 'paper',
    subcommand: 'show',
    options: { paper: `2509.${10000 + (i % 200)}` },
  });
  await ix.response;
  if (i >= 50) times.push(performance.now() - t); // the first 50 warm up the JIT and connections
}
await bot.stop();
await emu.close();
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
console.log(`| ${n} × /paper show, INTERACTION_CREATE → callback | ms |`);
console.log('| --- | --- |');
console.log(`| median | ${q(0.5).toFixed(2)} |`);
console.log(`| p99 | ${q(0.99).toFixed(2)} |`);
console.log(`| max | ${(times.at(-1) ?? 0).toFixed(2)} |`);
