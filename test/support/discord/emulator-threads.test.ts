/**
 * Standalone threads (POST /channels/:id/threads) as Discord answers them: the thread type must suit the
 * channel, and creating one needs the permission. (A file of its own beside emulator.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator } from './emulator.ts';

let emu: DiscordEmulator | null = null;
afterEach(async () => {
  await emu?.close();
  emu = null;
});

async function world() {
  emu = await startDiscordEmulator({
    guilds: [
      {
        name: 'G',
        channels: [
          { name: 'general' },
          { name: 'news', kind: 'announcement' },
          { name: 'locked', overwrites: [{ target: 'bot', deny: ['CreatePublicThreads'] }] },
        ],
      },
    ],
  });
  const e = emu;
  const thread = async (channel: string, type?: number) => {
    const res = await fetch(`${e.url}/api/v10/channels/${e.channel(channel).id}/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bot ${e.token}` },
      body: JSON.stringify({ name: 'Paper', auto_archive_duration: 1440, ...(type ? { type } : {}) }),
    });
    const body = (await res.json()) as { code?: number; type?: number };
    return [res.status, body.code ?? body.type];
  };
  return { thread };
}

describe('standalone threads', () => {
  it('an announcement channel takes only an announcement thread (10); a text channel never does', async () => {
    const { thread } = await world();
    expect(await thread('news', 11)).toEqual([400, 50024]);
    expect(await thread('news', 12)).toEqual([400, 50024]);
    expect(await thread('news', 10)).toEqual([200, 10]);
    expect(await thread('general', 10)).toEqual([400, 50024]);
    expect(await thread('general', 11)).toEqual([200, 11]);
  });

  it('needs Create Public Threads: 403 / 50013 without it', async () => {
    const { thread } = await world();
    expect(await thread('locked', 11)).toEqual([403, 50013]);
  });
});
