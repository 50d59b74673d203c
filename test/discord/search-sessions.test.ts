import { describe, expect, it } from 'vitest';
import { createSearchSessions } from '../../src/discord/search-sessions.ts';

const request = (query: string) => ({ query, page: 1 });

describe('search sessions', () => {
  it("one member opening 5,000 searches keeps only their own newest 20 and leaves another member's usable", () => {
    const sessions = createSearchSessions();
    const other = sessions.open('bob', 'g1', request('diffusion'));
    const mine = Array.from({ length: 5_000 }, (_, i) => sessions.open('alice', 'g1', request(`q${i}`)));
    expect(sessions.get(other)?.request.query).toBe('diffusion');
    expect(mine.filter((t) => sessions.get(t) !== null)).toEqual(mine.slice(-20));
  });

  it('drops the oldest session overall when the overall cap is reached, and expires sessions after the ttl', () => {
    let now = 0;
    const sessions = createSearchSessions(1_000, 3, () => now);
    const tokens = ['a', 'b', 'c', 'd'].map((u) => sessions.open(u, 'g1', request(u)));
    expect(tokens.map((t) => sessions.get(t)?.userId ?? null)).toEqual([null, 'b', 'c', 'd']);
    now = 1_001;
    expect(sessions.get(tokens[3]!)).toBeNull();
  });
});
