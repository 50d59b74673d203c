import { REST, Routes, type APIMessage } from 'discord.js';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbox, type Ledger, type OutboxItem } from '../../src/outbox/outbox.ts';
import type { SendFailure } from '../../src/outbox/send-error.ts';
import { startDiscordEmulator, type DiscordEmulator } from '../support/discord/emulator.ts';

interface Item extends OutboxItem {
  text: string;
  state: 'pending' | 'sent' | 'failed';
  messageId?: string;
  /** Whether it was stopped while its send was in flight, as the outbox told markSent. */
  stoppedInFlight?: boolean;
  failure?: SendFailure;
}

/** A ledger over an array, as a table would be: the outbox sees only the Ledger interface. */
function arrayLedger(name: string, items: Item[]): Ledger<Item> & { items: Item[] } {
  return {
    name,
    items,
    channelsWithWork: () => [...new Set(items.filter((i) => i.state === 'pending').map((i) => i.channelId))],
    pending: (channelId) => items.filter((i) => i.state === 'pending' && i.channelId === channelId),
    render: (item) => ({ content: item.text, allowed_mentions: { parse: [] } }),
    isMessageOf: (item, message) => message.content === item.text,
    markAttempt(item) {
      item.attempts += 1;
      item.attemptedAt = clock.toISOString();
    },
    markSent(item, messageId, stopped) {
      item.state = 'sent';
      item.messageId = messageId;
      item.stoppedInFlight = stopped;
    },
    markFailed(item, failure, gaveUp) {
      item.failure = failure;
      if (gaveUp) item.state = 'failed';
    },
  };
}

let clock = new Date('2025-09-10T09:00:00Z');
let emu: DiscordEmulator;
let rest: REST;
let nonce = 0;
const item = (channelId: string, text: string, over: Partial<Item> = {}): Item => ({
  guildId: emu.guild().id,
  channelId,
  nonce: `n${++nonce}`,
  attempts: 0,
  attemptedAt: null,
  text,
  state: 'pending',
  ...over,
});
const outboxOf = (...ledgers: Ledger<Item>[]) =>
  createOutbox({ rest, log: pino({ level: 'silent' }), now: () => clock, botUserId: () => emu.botUser.id }, ledgers);
const posts = () => emu.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
const texts = (channelId: string) => emu.messages(channelId).map((m) => m.content);

beforeEach(async () => {
  clock = new Date('2025-09-10T09:00:00Z');
  emu = await startDiscordEmulator({ guilds: [{ name: 'Lab', channels: [{ name: 'a' }, { name: 'b' }] }] });
  rest = new REST({ api: `${emu.url}/api`, retries: 0 }).setToken(emu.token);
});
afterEach(async () => {
  await emu.close();
});

describe('the outbox', () => {
  it("sends each ledger's items in order, with the item's nonce enforced, and marks them sent", async () => {
    const a = emu.channel('a').id;
    const b = emu.channel('b').id;
    const daily = arrayLedger('daily', [item(a, 'one'), item(a, 'two'), item(b, 'three')]);
    const weekly = arrayLedger('weekly', [item(a, 'digest')]);
    await outboxOf(daily, weekly).resume();

    expect(texts(a)).toEqual(['one', 'two', 'digest']);
    expect(texts(b)).toEqual(['three']);
    for (const i of [...daily.items, ...weekly.items]) {
      expect(i.state).toBe('sent');
      expect(emu.messages(i.channelId).find((m) => m.id === i.messageId)?.content).toBe(i.text);
    }
    const bodies = posts().map((r) => r.body as { nonce?: string; enforce_nonce?: boolean });
    expect(bodies.map((body) => body.nonce).sort()).toEqual(
      [...daily.items, ...weekly.items].map((i) => i.nonce).sort(),
    );
    expect(bodies.every((body) => body.enforce_nonce === true)).toBe(true);
  });

  it('sends an item once when two sends of its channel overlap', async () => {
    const a = emu.channel('a').id;
    const ledger = arrayLedger('daily', [item(a, 'one'), item(a, 'two')]);
    const outbox = outboxOf(ledger);
    await Promise.all([outbox.send(a), outbox.send(a), outbox.resume()]);
    expect(texts(a)).toEqual(['one', 'two']);
    expect(posts()).toHaveLength(2);
  });

  it('gives up on a refused item at once, keeps its later items waiting, and lets other ledgers go on', async () => {
    const a = emu.channel('a').id;
    emu.injectFault({ method: 'POST', pathPattern: `/channels/${a}/messages`, status: 403 });
    const daily = arrayLedger('daily', [item(a, 'one'), item(a, 'two')]);
    const weekly = arrayLedger('weekly', [item(a, 'digest')]);
    await outboxOf(daily, weekly).send(a);

    expect(daily.items[0]).toMatchObject({ state: 'failed', failure: { kind: 'refused' } });
    expect(daily.items[1]?.state).toBe('pending');
    expect(texts(a)).toEqual(['digest']);
  });

  it('gives up at once on an item that cannot be rendered, as refused, and sends the next one', async () => {
    const a = emu.channel('a').id;
    const daily = arrayLedger('daily', [item(a, 'one'), item(a, 'broken'), item(a, 'three')]);
    daily.render = (i) => {
      if (i.text === 'broken') throw new RangeError('Invalid time value');
      return { content: i.text, allowed_mentions: { parse: [] } };
    };
    const weekly = arrayLedger('weekly', [item(a, 'digest')]);
    const outbox = outboxOf(daily, weekly);
    await outbox.send(a);

    expect(daily.items[1]).toMatchObject({
      state: 'failed',
      attempts: 0,
      failure: { kind: 'refused', reason: 'the message could not be built from the stored paper' },
    });
    expect(texts(a)).toEqual(['one', 'digest']);
    await outbox.send(a); // the next send, at once: no backoff for the item behind it
    expect(daily.items.map((i) => i.state)).toEqual(['sent', 'failed', 'sent']);
    expect(texts(a)).toEqual(['one', 'digest', 'three']);
    expect(posts()).toHaveLength(3);
  });

  it('retries a failure whose outcome is unknown with the same nonce, backing off', async () => {
    const a = emu.channel('a').id;
    emu.injectFault({ method: 'POST', pathPattern: `/channels/${a}/messages`, status: 500 });
    const ledger = arrayLedger('daily', [item(a, 'one')]);
    const outbox = outboxOf(ledger);
    await outbox.send(a);
    expect(ledger.items[0]).toMatchObject({ state: 'pending', attempts: 1, failure: { kind: 'unknown' } });

    emu.injectFault({ method: 'POST', pathPattern: `/channels/${a}/messages`, status: 500 });
    await outbox.send(a); // the first retry is at once: right after a crash the same nonce is safe
    expect(ledger.items[0]).toMatchObject({ state: 'pending', attempts: 2 });

    clock = new Date(clock.getTime() + 30_000);
    await outbox.send(a); // the second retry waits a minute
    expect(ledger.items[0]?.attempts).toBe(2);
    clock = new Date(clock.getTime() + 31_000);
    await outbox.send(a);
    expect(ledger.items[0]).toMatchObject({ state: 'sent', attempts: 3 });
    const nonces = new Set(posts().map((r) => (r.body as { nonce: string }).nonce));
    expect(nonces).toEqual(new Set([ledger.items[0]?.nonce]));
    expect(texts(a)).toEqual(['one']);
  });

  it('after the nonce window, finds the message a crash left unrecorded instead of posting again', async () => {
    const a = emu.channel('a').id;
    const sent = (await rest.post(Routes.channelMessages(a), { body: { content: 'one' } })) as APIMessage;
    const ledger = arrayLedger('daily', [
      item(a, 'one', { attempts: 1, attemptedAt: new Date(clock.getTime() - 5 * 60_000).toISOString() }),
    ]);
    const before = posts().length;
    await outboxOf(ledger).send(a);
    expect(ledger.items[0]).toMatchObject({ state: 'sent', messageId: sent.id });
    expect(posts()).toHaveLength(before);
    expect(texts(a)).toEqual(['one']);
  });

  it('reads each item again right before sending it: one stopped meanwhile is not sent, the others go', async () => {
    const a = emu.channel('a').id;
    const ledger = arrayLedger('daily', [item(a, 'one'), item(a, 'two'), item(a, 'three')]);
    const markSent = ledger.markSent.bind(ledger);
    ledger.markSent = (i, messageId, stopped) => {
      void markSent(i, messageId, stopped);
      // A stop while the channel's earlier item was being sent (a reminder whose session was cancelled).
      if (i.text === 'one') ledger.items[1]!.state = 'failed';
    };
    await outboxOf(ledger).send(a);

    expect(texts(a)).toEqual(['one', 'three']);
    expect(ledger.items[1]).toMatchObject({ state: 'failed', attempts: 0 });
    expect(posts()).toHaveLength(2);
  });

  describe('stopped while a send is in flight (a slow Discord)', () => {
    beforeEach(async () => {
      await emu.close();
      emu = await startDiscordEmulator({ latencyMs: 200, guilds: [{ name: 'Lab', channels: [{ name: 'a' }] }] });
      rest = new REST({ api: `${emu.url}/api`, retries: 0 }).setToken(emu.token);
    });
    const arrived = async (method: string) => {
      while (!emu.requests.some((r) => r.method === method && r.status === 0))
        await new Promise((r) => setTimeout(r, 5));
    };
    const stopAll = (ledger: { items: Item[] }) => ledger.items.forEach((i) => (i.state = 'failed'));

    it('the send in flight is recorded as sent, told it was stopped; nothing after it goes', async () => {
      const a = emu.channel('a').id;
      const ledger = arrayLedger('daily', [item(a, 'one'), item(a, 'two'), item(a, 'three')]);
      const sending = outboxOf(ledger).send(a);
      await arrived('POST');
      stopAll(ledger);
      await sending;

      expect(texts(a)).toEqual(['one']);
      expect(posts()).toHaveLength(1);
      expect(ledger.items[0]).toMatchObject({ state: 'sent', stoppedInFlight: true });
      expect(ledger.items.slice(1).map((i) => [i.state, i.attempts])).toEqual([
        ['failed', 0],
        ['failed', 0],
      ]);
    });

    it('a send refused after its item was stopped is not marked failed (no note to the log channel)', async () => {
      const a = emu.channel('a').id;
      emu.injectFault({ method: 'POST', pathPattern: `/channels/${a}/messages`, status: 403, code: 50001 });
      const ledger = arrayLedger('daily', [item(a, 'one'), item(a, 'two')]);
      const sending = outboxOf(ledger).send(a);
      await arrived('POST');
      stopAll(ledger);
      await sending;

      expect(ledger.items[0]).toMatchObject({ state: 'failed', attempts: 1 });
      expect(ledger.items[0]?.failure).toBeUndefined();
      expect(posts()).toHaveLength(1);
    });

    it('after the nonce window, a stop while it looks for the message posts nothing', async () => {
      const a = emu.channel('a').id;
      const attemptedAt = new Date(clock.getTime() - 5 * 60_000).toISOString();
      const ledger = arrayLedger('daily', [item(a, 'one', { attempts: 1, attemptedAt })]);
      const sending = outboxOf(ledger).send(a);
      await arrived('GET');
      stopAll(ledger);
      await sending;

      expect(posts()).toEqual([]);
      expect(ledger.items[0]).toMatchObject({ state: 'failed', attempts: 1 });
    });
  });
});
