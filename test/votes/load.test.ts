import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { createVoteStore, type VoteStore } from '../../src/votes/vote-store.ts';
import { listedOn, paper } from '../support/papers.ts';

const GUILD = 'guild-load';
const P = '2509.04664';
const MEMBERS = 1_000;
const TWICE_MORE = 200;

/** A deterministic shuffle (a linear congruential generator), so a failure can be replayed. */
function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Every click the load sends: each member once, then 200 of them twice more (off, on), mixed up. */
function clicks(): string[] {
  const members = Array.from({ length: MEMBERS }, (_, i) => `member-${i}`);
  const first = shuffled(members);
  const again = shuffled(members.slice(0, TWICE_MORE), 7);
  // Each repeat comes after that member's first click, as a member cannot click off before on.
  return [...first, ...again, ...shuffled(again, 99)];
}

describe('vote load', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("1,000 members' shuffled clicks, 200 of them twice more (off, on), leave exactly 1,000 votes", () => {
    const db = openDatabase(':memory:');
    createPaperStore(db).save([listedOn('2025-09-08', paper(P))]);
    const votes = createVoteStore(db);
    const seen: number[] = [];
    const started = performance.now();
    // A toggle is one synchronous transaction, so clicks never interleave here; votes.e2e.test.ts sends
    // simultaneous clicks through Discord. This measures the cost and checks the counts of many toggles.
    for (const member of clicks()) seen.push(votes.toggleButtonVote(GUILD, P, member).count);
    const ms = performance.now() - started;
    console.info(
      `vote load: ${MEMBERS + 2 * TWICE_MORE} toggles in ${ms.toFixed(0)} ms ` +
        `(${((ms * 1000) / seen.length).toFixed(0)} µs each)`,
    );

    expect(seen).toHaveLength(MEMBERS + 2 * TWICE_MORE);
    expect(votes.count(GUILD, P)).toBe(MEMBERS);
    expect(db.prepare('SELECT count(*) FROM votes').pluck().get()).toBe(MEMBERS);
    // Each toggle saw a count one away from the previous one.
    seen.forEach((n, i) => expect(Math.abs(n - (i === 0 ? 0 : (seen[i - 1] ?? 0)))).toBe(1));
    expect(Math.max(...seen)).toBe(MEMBERS);
  });

  it('stays exact with two connections to one file taking turns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-votes-'));
    dirs.push(dir);
    const file = join(dir, 'paperboy.db');
    const one = openDatabase(file);
    const two = openDatabase(file);
    createPaperStore(one).save([listedOn('2025-09-08', paper(P))]);
    const stores: VoteStore[] = [createVoteStore(one), createVoteStore(two)];
    const started = performance.now();
    clicks().forEach((member, i) => stores[i % 2]?.toggleButtonVote(GUILD, P, member));
    console.info(
      `vote load, two connections on a file: ${MEMBERS + 2 * TWICE_MORE} toggles ` +
        `in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(stores[0]?.count(GUILD, P)).toBe(MEMBERS);
    expect(stores[1]?.count(GUILD, P)).toBe(MEMBERS);
    one.close();
    two.close();
  });
});
