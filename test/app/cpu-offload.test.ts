// The bot builds the recommender's features and trains its models on its worker thread: the event loop keeps
// turning meanwhile (on the main thread it does not turn once), and the server's taste scores the same.
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/app/start-bot.ts';
import { loadBotConfig } from '../../src/config/env.ts';
import { tempDbPath } from '../support/bot-harness.ts';
import { captureLog } from '../support/capture-log.ts';
import { idOf, storeCorpus, upvote } from '../recommend/taste-corpus.ts';

const GUILD = '100';
const bots: Bot[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
});

async function offlineBot(cpuWorker: boolean): Promise<Bot> {
  const config = loadBotConfig({
    DISCORD_TOKEN: 'not-used.because.the-bot-never-logs-in',
    DATABASE_PATH: tempDbPath(),
    HF_ENDPOINT: 'http://127.0.0.1:9',
    ARXIV_ENDPOINT: 'http://127.0.0.1:9',
  });
  const bot = await createBot({ config, log: captureLog().log, cron: false, cpuWorker });
  bots.push(bot);
  storeCorpus(bot.ctx.db);
  const sphere = [1, 2, 3, 4].flatMap((d) => [0, 1, 2].map((k) => idOf('sphere', d, k)));
  upvote(bot.ctx.db, GUILD, 'member', sphere);
  return bot;
}

/** The server's taste and how many times the event loop turned while it was built. */
async function tasteWithTurns(bot: Bot) {
  let turns = 0;
  let busy = true;
  const spin = () => {
    if (!busy) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const taste = await bot.ctx.taste.serverTaste(GUILD).finally(() => (busy = false));
  return { taste, turns };
}

describe('CPU-heavy work off the main thread', () => {
  it('builds the features and trains the server’s model on the worker thread, scoring as on the main thread', async () => {
    const worker = await tasteWithTurns(await offlineBot(true));
    const inline = await tasteWithTurns(await offlineBot(false));
    expect(inline.turns).toBe(0);
    expect(worker.turns).toBeGreaterThan(0);
    const ids = [1, 2, 3, 4].flatMap((d) =>
      (['sphere', 'language', 'diffusion'] as const).flatMap((t) => [0, 1, 2, 3, 4, 5].map((k) => idOf(t, d, k))),
    );
    expect(ids.map((id) => worker.taste!.score(id))).toEqual(ids.map((id) => inline.taste!.score(id)));
    expect(worker.taste!.score(idOf('sphere', 4, 5))).toBeGreaterThan(worker.taste!.score(idOf('language', 4, 5)));
  });
});
