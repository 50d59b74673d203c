import type { Config } from '../config/env.ts';
import { openDatabase, type Database } from '../db/open.ts';
import type { Logger } from '../log/logger.ts';
import { createPaperStore, type PaperStore } from '../papers/paper-store.ts';
import { createFetchLog, type FetchLog } from '../sources/fetch-log.ts';
import { createHfClient, type HfClient } from '../sources/hf-client.ts';

export interface ToolContext {
  config: Config;
  db: Database;
  papers: PaperStore;
  fetchLog: FetchLog;
  hf: HfClient;
  log: Logger;
  out: (line: string) => void;
  isTTY: boolean;
}

export function createToolContext(
  config: Config,
  log: Logger,
  out: (line: string) => void,
  isTTY: boolean,
): ToolContext {
  const db = openDatabase(config.DATABASE_PATH);
  return {
    config,
    db,
    papers: createPaperStore(db),
    fetchLog: createFetchLog(db),
    hf: createHfClient({ endpoint: config.HF_ENDPOINT, token: config.HF_TOKEN, log }),
    log,
    out,
    isTTY,
  };
}
