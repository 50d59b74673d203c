// `npm run deploy-commands`: registers the slash commands now (guild commands to DEV_GUILD_ID when
// set, otherwise global), bulk-overwriting what was there. The bot also does this on start-up when
// the definitions changed, so this is for deploying without starting the bot.
import { REST, Routes, type RESTGetCurrentApplicationResult } from 'discord.js';
import { botConfigOrReport } from '../config/env.ts';
import { createMetaStore } from '../db/meta-store.ts';
import { openDatabase } from '../db/open.ts';
import { loadCommands } from './load-commands.ts';
import { definitionsOf, registerCommands } from './register-commands.ts';
import { loginFailure } from './login-failure.ts';

async function deploy(): Promise<number> {
  const config = botConfigOrReport();
  if (!config) return 1;
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const body = definitionsOf(await loadCommands());
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const app = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
    await registerCommands(rest, createMetaStore(db), { applicationId: app.id, guildId: config.DEV_GUILD_ID }, body);
    const where = config.DEV_GUILD_ID
      ? `to server ${config.DEV_GUILD_ID}`
      : 'globally (may take a while to show everywhere)';
    console.log(`Registered ${body.length} command(s) ${where}: ${body.map((c) => `/${c.name}`).join(', ')}`);
    return 0;
  } catch (err) {
    console.error(loginFailure(err) ?? `Registration failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    db.close();
  }
}

void deploy().then((code) => process.exit(code));
