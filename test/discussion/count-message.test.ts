import { describe, expect, it } from 'vitest';
import { countMessage, uncountMessage, type SeenMessage } from '../../src/discussion/count-message.ts';
import { createThreadMessageStore } from '../../src/discussion/thread-message-store.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

function setup() {
  const db = memoryDb();
  storePapers(db, [paper('2509.00001')]);
  const ctx = {
    messages: createThreadMessageStore(db),
    paperOfThread: (threadId: string) => (threadId === 'thread-1' ? '2509.00001' : null),
  };
  const counted = () => ctx.messages.top('g1', { since: null, limit: 10 });
  return { ctx, counted };
}

const AT = Date.parse('2026-03-02T10:00:00Z');
const seen = (over: Partial<SeenMessage> = {}): SeenMessage => ({
  id: 'm1',
  guildId: 'g1',
  channelId: 'thread-1',
  authorIsBot: false,
  system: false,
  createdTimestamp: AT,
  ...over,
});

describe('counting messages in papers’ threads', () => {
  it('counts a member’s message in a paper’s thread, at the time it was written, once', () => {
    const { ctx, counted } = setup();
    expect(countMessage(ctx, seen())).toBe(true);
    expect(countMessage(ctx, seen())).toBe(true); // a replay of the same message
    expect(counted()).toEqual([{ paperId: '2509.00001', messages: 1 }]);
    expect(ctx.messages.top('g1', { since: '2026-03-02T10:00:00.001Z', limit: 10 })).toEqual([]);
  });

  it.each([
    ['a bot’s message (this bot or another)', { authorIsBot: true }],
    ['a message whose author is unknown (partial)', { authorIsBot: null }],
    ['a system message', { system: true }],
    ['a message of unknown type (partial)', { system: null }],
    ['a message outside any paper’s thread', { channelId: 'general' }],
    ['a direct message', { guildId: null }],
  ] as const)('does not count %s', (_what, over) => {
    const { ctx, counted } = setup();
    expect(countMessage(ctx, seen(over))).toBe(false);
    expect(counted()).toEqual([]);
  });

  it('takes a deleted message back', () => {
    const { ctx, counted } = setup();
    countMessage(ctx, seen({ id: 'm1' }));
    countMessage(ctx, seen({ id: 'm2' }));
    expect(uncountMessage(ctx, 'm1')).toBe(true);
    expect(uncountMessage(ctx, 'elsewhere')).toBe(false);
    expect(counted()).toEqual([{ paperId: '2509.00001', messages: 1 }]);
  });
});
