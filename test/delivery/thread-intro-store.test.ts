import { describe, expect, it } from 'vitest';
import { createThreadIntroStore } from '../../src/delivery/thread-intro-store.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

function setup() {
  const db = memoryDb();
  storePapers(db, [paper('2509.00001'), paper('2509.00002')]);
  const clock = { now: new Date('2026-03-02T09:00:00Z') };
  const intros = createThreadIntroStore(db, () => clock.now);
  const row = (threadId: string) =>
    db
      .prepare('SELECT state, attempts, attempted_at, message_id, error FROM thread_intros WHERE thread_id = ?')
      .get(threadId);
  return { db, clock, intros, row };
}

describe('the thread intro store', () => {
  it('records one intro per thread: opening the same thread again adds nothing and keeps its nonce', () => {
    const { intros } = setup();
    expect(intros.add('t1', 'g1', '2509.00001')).toBe(true);
    const [first] = intros.pending('t1');
    expect(intros.add('t1', 'g1', '2509.00001')).toBe(false);
    expect(intros.pending('t1')).toEqual([first]);
    expect(first).toEqual({
      channelId: 't1',
      guildId: 'g1',
      paperId: '2509.00001',
      nonce: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
      attempts: 0,
      attemptedAt: null,
    });
    expect(intros.guildOf('t1')).toBe('g1');
    expect(intros.guildOf('nowhere')).toBeNull();
    expect(intros.pending('nowhere')).toEqual([]);
  });

  it('gives each intro its own nonce, and lists the threads with an unsent intro, oldest first', () => {
    const { intros, clock } = setup();
    intros.add('t2', 'g1', '2509.00002');
    clock.now = new Date('2026-03-02T09:01:00Z');
    intros.add('t1', 'g1', '2509.00001');
    expect(intros.channelsWithPending()).toEqual(['t2', 't1']);
    expect(intros.pending('t1')[0]?.nonce).not.toBe(intros.pending('t2')[0]?.nonce);
  });

  it('counts attempts, marks sent with the message id, and a sent or failed intro is no longer pending', () => {
    const { intros, row } = setup();
    intros.add('t1', 'g1', '2509.00001');
    intros.add('t2', 'g1', '2509.00002');
    intros.markAttempt('t1');
    intros.markAttempt('t1');
    expect(intros.pending('t1')[0]).toMatchObject({ attempts: 2, attemptedAt: '2026-03-02T09:00:00.000Z' });
    intros.markSent('t1', 'm1');
    expect(row('t1')).toMatchObject({ state: 'sent', message_id: 'm1', error: null });
    intros.markFailed('t2', 'Missing Access');
    expect(row('t2')).toMatchObject({ state: 'failed', error: 'Missing Access' });
    expect(intros.channelsWithPending()).toEqual([]);
    expect(intros.pending('t1')).toEqual([]);
    // A late failure does not undo a send.
    intros.markFailed('t1', 'late');
    expect(row('t1')).toMatchObject({ state: 'sent', error: null });
  });

  it('stops only the unsent intros of a server the bot left', () => {
    const { intros, row } = setup();
    intros.add('t1', 'g1', '2509.00001');
    intros.add('t2', 'g1', '2509.00002');
    intros.add('t3', 'g2', '2509.00001');
    intros.markSent('t1', 'm1');
    expect(intros.stopGuild('g1', 'the bot left the server')).toBe(1);
    expect(row('t1')).toMatchObject({ state: 'sent' });
    expect(row('t2')).toMatchObject({ state: 'failed', error: 'the bot left the server' });
    expect(intros.channelsWithPending()).toEqual(['t3']);
  });
});
