import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBotConfig, type BotConfig } from '../../src/config/env.ts';
import { createBot, type Bot } from '../../src/app/start-bot.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import type { BotContext } from '../../src/app/context.ts';
import { captureLog, type CapturedLog } from './capture-log.ts';
import type { DiscordEmulator } from './discord/emulator.ts';

export interface Harness {
  bot: Bot;
  logs: CapturedLog;
  config: BotConfig;
}

export const tempDbPath = () => join(mkdtempSync(join(tmpdir(), 'paperboy-bot-')), 'paperboy.db');

/**
 * The real bot, in-process, logged into the emulator. `stop()` it (the harness does not). The bot reads the
 * emulator's clock (`startDiscordEmulator({ now })`), so a test cannot give Discord and the bot different times.
 */
export async function startBot(
  emu: DiscordEmulator,
  opts: {
    databasePath?: string;
    hfEndpoint?: string;
    env?: Record<string, string>;
    commands?: ReadonlyMap<string, CommandModule<BotContext>>;
    cron?: boolean;
    /** Default true: CPU-heavy work on the bot's worker thread (see BotOptions.cpuWorker). */
    cpuWorker?: boolean;
  } = {},
): Promise<Harness> {
  const config = loadBotConfig({
    DISCORD_TOKEN: emu.token,
    DISCORD_API_URL: `${emu.url}/api`,
    DATABASE_PATH: opts.databasePath ?? tempDbPath(),
    HF_ENDPOINT: opts.hfEndpoint ?? 'http://127.0.0.1:9',
    // Opening a thread fetches its paper's full text in the background: never from the real arXiv.
    ARXIV_ENDPOINT: 'http://127.0.0.1:9',
    ...opts.env,
  });
  const logs = captureLog();
  const bot = await createBot({
    config,
    log: logs.log,
    drainMs: 2_000,
    ...(opts.commands ? { commands: opts.commands } : {}),
    now: () => emu.now(),
    cron: opts.cron ?? false,
    ...(opts.cpuWorker === undefined ? {} : { cpuWorker: opts.cpuWorker }),
  });
  await bot.start();
  return { bot, logs, config };
}
