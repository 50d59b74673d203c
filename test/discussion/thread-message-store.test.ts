import { describe, expect, it } from 'vitest';
import { createThreadMessageStore } from '../../src/discussion/thread-message-store.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

function setup() {
  const db = memoryDb();
  storePapers(db, [paper('2509.00001'), paper('2509.00002'), paper('2509.00003')]);
  const messages = createThreadMessageStore(db);
  let n = 0;
  const add = (paperId: string, at: string, guildId = 'g1', threadId = `t-${paperId}`) =>
    messages.add({ messageId: `m${(n += 1)}`, guildId, threadId, paperId, createdAt: new Date(at) });
  return { db, messages, add };
}

describe('the thread message store', () => {
  it('counts a message once, at its own time, however often it arrives; content is never stored', () => {
    const { db, messages } = setup();
    const m = {
      messageId: 'm1',
      guildId: 'g1',
      threadId: 't1',
      paperId: '2509.00001',
      createdAt: new Date('2026-03-02T10:00:00Z'),
    };
    expect(messages.add(m)).toBe(true);
    expect(messages.add({ ...m, createdAt: new Date('2026-03-09T10:00:00Z') })).toBe(false);
    expect(db.prepare('SELECT * FROM thread_messages').all()).toEqual([
      {
        message_id: 'm1',
        guild_id: 'g1',
        thread_id: 't1',
        paper_id: '2509.00001',
        created_at: '2026-03-02T10:00:00.000Z',
      },
    ]);
    expect(messages.top('g1', { since: null, limit: 10 })).toEqual([{ paperId: '2509.00001', messages: 1 }]);
  });

  it('takes a deleted message back; deleting an uncounted one changes nothing', () => {
    const { messages, add } = setup();
    add('2509.00001', '2026-03-02T10:00:00Z');
    add('2509.00001', '2026-03-02T10:01:00Z');
    expect(messages.remove('m1')).toBe(true);
    expect(messages.remove('m1')).toBe(false);
    expect(messages.remove('never-counted')).toBe(false);
    expect(messages.top('g1', { since: null, limit: 10 })).toEqual([{ paperId: '2509.00001', messages: 1 }]);
    messages.remove('m2');
    expect(messages.top('g1', { since: null, limit: 10 })).toEqual([]);
  });

  it('ranks a server’s papers by messages in the period, most first, ties to the latest message, then the limit', () => {
    const { messages, add } = setup();
    add('2509.00001', '2026-03-01T10:00:00Z'); // before the period
    add('2509.00001', '2026-03-01T11:00:00Z');
    add('2509.00001', '2026-03-02T09:00:00Z');
    add('2509.00002', '2026-03-02T10:00:00Z');
    add('2509.00002', '2026-03-03T10:00:00Z');
    add('2509.00003', '2026-03-04T10:00:00Z');
    add('2509.00003', '2026-03-04T11:00:00Z');
    add('2509.00003', '2026-03-04T12:00:00Z', 'g2'); // another server
    const since = '2026-03-02T00:00:00.000Z';
    expect(messages.top('g1', { since, limit: 10 })).toEqual([
      { paperId: '2509.00003', messages: 2 },
      { paperId: '2509.00002', messages: 2 },
      { paperId: '2509.00001', messages: 1 },
    ]);
    expect(messages.top('g1', { since, limit: 1 })).toEqual([{ paperId: '2509.00003', messages: 2 }]);
    expect(messages.top('g1', { since: null, limit: 1 })).toEqual([{ paperId: '2509.00001', messages: 3 }]);
    // `until` is exclusive: a week's window ends where the next begins.
    expect(messages.top('g1', { since, until: '2026-03-04T10:00:00.000Z', limit: 10 })).toEqual([
      { paperId: '2509.00002', messages: 2 },
      { paperId: '2509.00001', messages: 1 },
    ]);
    expect(messages.top('g2', { since, limit: 10 })).toEqual([{ paperId: '2509.00003', messages: 1 }]);
    expect(messages.top('g3', { since: null, limit: 10 })).toEqual([]);
  });

  it('a paper removed from the store takes its messages with it', () => {
    const { db, messages, add } = setup();
    add('2509.00002', '2026-03-02T10:00:00Z');
    db.prepare('DELETE FROM papers WHERE id = ?').run('2509.00002');
    expect(messages.top('g1', { since: null, limit: 10 })).toEqual([]);
  });
});
