/**
 * The emulator's own tests: start an emulator, log real discord.js Clients in to it, and tear both down after
 * each test (the clients first, then the emulator).
 */
import { once } from 'node:events';
import { afterEach } from 'vitest';
import { Client } from 'discord.js';
import type { ClientOptions } from 'discord.js';
import { startDiscordEmulator } from './emulator.ts';
import type { DiscordEmulator } from './emulator.ts';
import type { DiscordEmulatorOptions } from './types.ts';

/** Client options without the REST base URL, which points at the emulator; `rest` adds to `{ api, timeout: 5000 }`. */
export type EmulatorClientOptions = Omit<ClientOptions, 'rest'> & {
  rest?: Partial<NonNullable<ClientOptions['rest']>>;
};

/**
 * A raw REST call as the bot (JSON body), for what discord.js would not send or would turn into an exception:
 * the status and the parsed body (`{}` when empty).
 */
export async function botRest(e: DiscordEmulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${e.url}/api/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bot ${e.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { code?: number } };
}

/** Registers the afterEach teardown; call it once at the top of a test file. */
export function emulatorClients() {
  let emu: DiscordEmulator | null = null;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.destroy();
    await emu?.close();
    emu = null;
  });

  /** A Client aimed at the emulator, not logged in; destroyed after the test. */
  const client = (e: DiscordEmulator, { rest, ...options }: EmulatorClientOptions): Client => {
    const c = new Client({ ...options, rest: { api: `${e.url}/api`, timeout: 5000, ...rest } });
    clients.push(c);
    return c;
  };

  return {
    /** Starts the emulator (heartbeat every second unless `options` says otherwise); closed after the test. */
    async start(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
      emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000, ...options });
      return emu;
    },
    client,
    /** A Client logged in to `e`, resolved once it is ready. */
    async login(e: DiscordEmulator, options: EmulatorClientOptions): Promise<Client> {
      const c = client(e, options);
      const ready = once(c, 'clientReady');
      await c.login(e.token);
      await ready;
      return c;
    },
  };
}
