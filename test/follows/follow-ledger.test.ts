import { describe, expect, it } from 'vitest';
import { followLayout } from '../../src/discord/follow-layout.ts';
import { CHANNEL_CLOSED, DMS_CLOSED, followLedger } from '../../src/follows/follow-ledger.ts';
import type { SendFailure } from '../../src/outbox/send-error.ts';
import { paper } from '../support/papers.ts';
import { followStores } from './follow-stores.ts';

const G = '100000000000000001';
const U = '200000000000000001';
const CH = '300000000000000001';
const DM = '400000000000000001';

function setup() {
  const { papers, follows, messages, hits, atomically, store } = followStores();
  follows.add({ guildId: G, userId: U, query: 'kernels', delivery: 'dm', channelId: CH, afterPk: 0 });
  follows.add({ guildId: G, userId: U, query: 'graphs', delivery: 'here', channelId: CH, afterPk: 0 });
  store(paper('2603.00001', { title: 'Graph kernels' }));
  const dm = messages.add(G, U, 'dm', null);
  messages.setDmChannel(U, DM);
  hits.add(G, U, '2603.00001', 'kernels', dm, 0);
  const here = messages.add(G, U, 'here', CH);
  // Members the notifier found still in their server.
  const present = new Set([`${G}:${U}`]);
  const ledger = followLedger({
    follows,
    messages,
    hits,
    papers,
    layout: followLayout,
    guildName: () => 'Lab',
    members: { isKnownMember: (g, u) => present.has(`${g}:${u}`) },
    atomically,
  });
  const paused = () => follows.ofMember(G, U).map((f) => [f.query, f.pausedReason]);
  return { ledger, messages, paused, present, dm, here };
}

describe('the follow notifications ledger', () => {
  it('pauses the DM follows when Discord refuses the DM (50007), and the here follows when the channel refuses', async () => {
    const { ledger, messages, paused } = setup();
    const [dmItem] = messages.pending(DM);
    const refused: SendFailure = { kind: 'refused', reason: 'closed', code: 50007 };
    await ledger.markFailed(dmItem!, refused, true);
    expect(paused()).toEqual([
      ['kernels', DMS_CLOSED],
      ['graphs', null],
    ]);
    const [hereItem] = messages.pending(CH);
    await ledger.markFailed(hereItem!, { kind: 'gone', reason: 'deleted', code: 10003 }, true);
    expect(paused()).toEqual([
      ['kernels', DMS_CLOSED],
      ['graphs', CHANNEL_CLOSED],
    ]);
    expect(messages.pending(DM)).toEqual([]);
    expect(messages.pending(CH)).toEqual([]);
  });

  it('pauses nothing for a failure that is not the destination’s: retried, unknown, or a message it could not build', async () => {
    const { ledger, messages, paused } = setup();
    const [dmItem] = messages.pending(DM);
    await ledger.markFailed(dmItem!, { kind: 'refused', reason: 'closed', code: 50007 }, false);
    expect(messages.pending(DM)).toHaveLength(1);
    await ledger.markFailed(dmItem!, { kind: 'unknown', reason: 'Discord error 500' }, true);
    const [hereItem] = messages.pending(CH);
    await ledger.markFailed(hereItem!, { kind: 'refused', reason: 'the message could not be built' }, true);
    expect(paused()).toEqual([
      ['kernels', null],
      ['graphs', null],
    ]);
  });

  it('renders a notification with no stored paper as an error, which the outbox gives up as refused', () => {
    const { ledger, messages } = setup();
    const [hereItem] = messages.pending(CH);
    expect(() => ledger.render(hereItem!)).toThrow('lists no stored paper');
    const [dmItem] = messages.pending(DM);
    expect(ledger.render(dmItem!).embeds?.[0]?.title).toBe('1 new paper for your follows');
    expect(ledger.render(dmItem!).embeds?.[0]?.footer?.text).toMatch(/^Lab · /);
  });

  it('holds a notification in a channel until its member was found still in the server, not one by DM', () => {
    const { ledger, present, dm, here } = setup();
    expect(ledger.pending(CH).map((m) => m.id)).toEqual([here]);
    present.clear();
    // Resumed after a restart, before the notifier asked Discord: it waits; the DM does not.
    expect(ledger.pending(CH)).toEqual([]);
    expect(ledger.pending(DM).map((m) => m.id)).toEqual([dm]);
    expect(ledger.channelsWithWork()).toEqual([DM, CH]);
  });
});
