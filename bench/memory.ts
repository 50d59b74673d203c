// npm run bench:memory [-- --channels 2000 --messages 300 --per-guild 20 --members 30]
// Resident memory of the bot's discord.js client with its caches against discord.js's default caches, side by
// side in one run: the local Discord runs here, and two child processes log the real client into it, one with
// each setting. Members then write `messages` messages in each of `channels` channels (MESSAGE_CREATE through
// the gateway, as postAsUser sends them), round by round, each round waiting until both clients have seen it.
// Each child reports its memory after a full GC, after login and after the messages.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Events, Options } from 'discord.js';
import { discordClientOptions } from '../src/discord/create-client.ts';
import { startDiscordEmulator } from '../test/support/discord/emulator.ts';

type Variant = 'defaults' | 'bot';
interface Usage {
  rss: number;
  heapUsed: number;
  messagesCached: number;
  usersCached: number;
  membersCached: number;
}
type FromChild = { type: 'ready' } | { type: 'seen'; n: number } | { type: 'usage'; usage: Usage };
type ToChild = { type: 'wait'; n: number } | { type: 'usage' };

const { values } = parseArgs({
  options: {
    child: { type: 'string' },
    channels: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '300' },
    'per-guild': { type: 'string', default: '20' },
    members: { type: 'string', default: '30' },
  },
});

if (values.child) await child(values.child as Variant);
else await parent();

async function child(variant: Variant): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  const bot = discordClientOptions({ apiUrl: process.env.BENCH_API_URL ?? '' });
  const client = new Client(
    variant === 'bot' ? bot : { ...bot, makeCache: Options.cacheWithLimits(Options.DefaultMakeCacheSettings) },
  );
  let seen = 0;
  let waiting: { n: number } | null = null;
  client.on(Events.MessageCreate, () => {
    seen++;
    if (waiting && seen >= waiting.n) {
      waiting = null;
      send({ type: 'seen', n: seen });
    }
  });
  process.on('message', (m: ToChild) => {
    if (m.type === 'usage') send({ type: 'usage', usage: usage(client) });
    else if (seen >= m.n) send({ type: 'seen', n: seen });
    else waiting = { n: m.n };
  });
  process.on('disconnect', () => void client.destroy().then(() => process.exit(0)));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(process.env.BENCH_TOKEN);
  await ready;
  send({ type: 'ready' });
}

function usage(client: Client): Usage {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  let messagesCached = 0;
  for (const c of client.channels.cache.values()) if (c.isTextBased()) messagesCached += c.messages.cache.size;
  const { rss, heapUsed } = process.memoryUsage();
  return {
    rss,
    heapUsed,
    messagesCached,
    usersCached: client.users.cache.size,
    membersCached: client.guilds.cache.reduce((n, g) => n + g.members.cache.size, 0),
  };
}

async function parent(): Promise<void> {
  const nChannels = Number(values.channels);
  const nMessages = Number(values.messages);
  const perGuild = Number(values['per-guild']);
  const nMembers = Number(values.members);
  const guilds = Array.from({ length: Math.ceil(nChannels / perGuild) }, (_, g) => ({
    name: `Server ${g}`,
    members: Array.from({ length: nMembers }, (_, m) => ({ username: `member-${g}-${m}` })),
    channels: Array.from({ length: Math.min(perGuild, nChannels - g * perGuild) }, (_, c) => ({ name: `ch-${c}` })),
  }));
  const emu = await startDiscordEmulator({ guilds });
  const channels = emu.guilds.flatMap((g) => {
    const members = [...g.members.keys()].filter((id) => id !== emu.botUser.id);
    return [...g.channels.values()].map((c) => ({ id: c.id, members }));
  });

  const variants: Variant[] = ['defaults', 'bot'];
  const children = variants.map((variant) =>
    fork(fileURLToPath(import.meta.url), ['--child', variant], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, BENCH_API_URL: `${emu.url}/api`, BENCH_TOKEN: emu.token },
    }),
  );
  const next = (c: ChildProcess, type: FromChild['type']) =>
    new Promise<FromChild>((resolve, reject) => {
      const onMessage = (m: FromChild) => {
        if (m.type !== type) return;
        c.off('message', onMessage);
        c.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => reject(new Error(`a client exited (${code}) while waiting for ${type}`));
      c.on('message', onMessage);
      c.once('exit', onExit);
    });
  const ask = async (msg: ToChild, type: FromChild['type']) =>
    Promise.all(
      children.map((c) => {
        const answer = next(c, type);
        c.send(msg);
        return answer;
      }),
    );
  const usages = async () => (await ask({ type: 'usage' }, 'usage')).map((m) => (m as { usage: Usage }).usage);

  await Promise.all(children.map((c) => next(c, 'ready')));
  const atLogin = await usages();
  const started = performance.now();
  let posted = 0;
  for (let round = 0; round < nMessages; round++) {
    for (const [i, c] of channels.entries()) {
      emu.postAsUser(c.id, c.members[(round + i) % c.members.length]!, 'a member writes');
      posted++;
    }
    await ask({ type: 'wait', n: posted }, 'seen');
    if ((round + 1) % 50 === 0) {
      const s = ((performance.now() - started) / 1000).toFixed(0);
      process.stderr.write(`${posted} messages delivered to both clients (${s} s)\n`);
    }
  }
  const after = await usages();
  for (const c of children) c.disconnect();
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
  await emu.close();

  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const ratio = (f: (u: Usage) => number, u: Usage[]) => (f(u[0]!) / f(u[1]!)).toFixed(1);
  const row = (label: string, f: (u: Usage) => string, u: Usage[], r = '') =>
    console.log(`| ${label} | ${f(u[0]!)} | ${f(u[1]!)} | ${r} |`);
  console.log(
    `| ${nChannels} channels (${guilds.length} servers × ${perGuild}, ${nMembers} members each), ` +
      `${nMessages} member messages each | discord.js defaults | the bot's caches | defaults / bot |`,
  );
  console.log('| --- | --- | --- | --- |');
  row(
    'RSS after login',
    (u) => mb(u.rss),
    atLogin,
    ratio((u) => u.rss, atLogin),
  );
  row(
    'heap used after login',
    (u) => mb(u.heapUsed),
    atLogin,
    ratio((u) => u.heapUsed, atLogin),
  );
  row(
    `RSS after ${posted.toLocaleString('en')} messages`,
    (u) => mb(u.rss),
    after,
    ratio((u) => u.rss, after),
  );
  row(
    'heap used after them',
    (u) => mb(u.heapUsed),
    after,
    ratio((u) => u.heapUsed, after),
  );
  row('messages cached', (u) => u.messagesCached.toLocaleString('en'), after);
  row('users cached', (u) => u.usersCached.toLocaleString('en'), after);
  row('members cached', (u) => u.membersCached.toLocaleString('en'), after);
}
