import type { Client } from 'discord.js';
import type { BotConfig } from '../config/env.ts';
import type { Database } from '../db/open.ts';
import type { MetaStore } from '../db/meta-store.ts';
import type { Logger } from '../log/logger.ts';
import type { PaperLookup } from '../papers/find-paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { FetchLog } from '../sources/fetch-log.ts';
import type { HfClient } from '../sources/hf-client.ts';

/** Everything a command handler or job may use, passed explicitly: there is no global container. */
export interface BotContext {
  config: BotConfig;
  db: Database;
  meta: MetaStore;
  papers: PaperStore;
  lookup: PaperLookup;
  fetchLog: FetchLog;
  hf: HfClient;
  log: Logger;
  client: Client;
  now: () => Date;
}
