// npm run bench:delivery [-- --channels 500 --papers 5 --latency 50]
// Fan-out through the local Discord with Discord's limits enforced (50 requests/s global, 5 messages
// per 5 s per channel, X-RateLimit-* headers) and latency on every request. Reports wall time divided
// by the lower bound those limits set.
import { parseArgs } from 'node:util';
import { runDueSubscriptions } from '../src/delivery/run-deliveries.ts';
import { openDatabase } from '../src/db/open.ts';
import { createSubscriptionStore } from '../src/subscriptions/subscription-store.ts';
import { SUBSCRIPTION_DEFAULTS } from '../src/subscriptions/subscription.ts';
import { startBot, tempDbPath } from '../test/support/bot-harness.ts';
import { DAY, dayOf } from '../test/support/delivery-world.ts';
import { startDiscordEmulator } from '../test/support/discord/emulator.ts';
import { startHfServer } from '../test/support/hf/server.ts';

const { values } = parseArgs({
  options: {
    channels: { type: 'string', default: '500' },
    papers: { type: 'string', default: '5' },
    latency: { type: 'string', default: '50' },
  },
});
const nChannels = Number(values.channels);
const nPapers = Number(values.papers);
const latencyMs = Number(values.latency);
const GLOBAL_PER_S = 50;
const PER_CHANNEL_PER_5S = 5;

const perGuild = 100;
const guilds = Array.from({ length: Math.ceil(nChannels / perGuild) }, (_, g) => ({
  name: `Server ${g}`,
  channels: Array.from({ length: Math.min(perGuild, nChannels - g * perGuild) }, (_, c) => ({
    name: `papers-${g}-${c}`,
  })),
}));
const clock = { now: new Date(`${DAY}T08:00:00Z`) };
const emu = await startDiscordEmulator({
  now: () => clock.now,
  guilds,
  latencyMs,
  rateLimits: { globalPerSecond: GLOBAL_PER_S, messagesPerChannelPer5s: PER_CHANNEL_PER_5S },
});
const hf = await startHfServer({ days: { [DAY]: dayOf(nPapers) } });
const databasePath = tempDbPath();
const db = openDatabase(databasePath);
const subs = createSubscriptionStore(db);
const channelIds = emu.guilds.flatMap((g) =>
  [...g.channels.values()].filter((c) => c.name.startsWith('papers-')).map((c) => ({ id: c.id, guild: g.id })),
);
for (const c of channelIds) subs.save(c.id, c.guild, { ...SUBSCRIPTION_DEFAULTS, top: nPapers }, null);
db.close();

const { bot } = await startBot(emu, { databasePath, hfEndpoint: hf.url });
await bot.settled();
clock.now = new Date(`${DAY}T09:00:30Z`);
const before = emu.stats.rateLimited;
const sends = nChannels * nPapers;
const started = performance.now();
await runDueSubscriptions(bot.ctx);
await bot.settled();
const wallS = (performance.now() - started) / 1000;
const posted = channelIds.reduce((n, c) => n + emu.messages(c.id).length, 0);
await bot.stop();
await hf.close();
await emu.close();

// The limits' lower bound: every send passes the global limit; a channel can take 5 per 5 s; each
// request costs at least one latency. The largest of these is the bound.
const bound = Math.max(
  sends / GLOBAL_PER_S,
  Math.ceil(nPapers / PER_CHANNEL_PER_5S - 1) * 5 + (latencyMs / 1000) * Math.min(nPapers, PER_CHANNEL_PER_5S),
  (latencyMs / 1000) * nPapers,
);
console.log(`| ${nChannels} channels × ${nPapers} papers, ${latencyMs} ms latency | value |`);
console.log('| --- | --- |');
console.log(`| messages posted | ${posted} of ${sends} |`);
console.log(`| 429s served | ${emu.stats.rateLimited - before} |`);
console.log(`| wall time | ${wallS.toFixed(1)} s |`);
console.log(`| lower bound from the limits | ${bound.toFixed(1)} s |`);
console.log(`| ratio wall / bound | ${(wallS / bound).toFixed(3)} |`);
