import { describe, expect, it } from 'vitest';
import { isVoteEmoji, parseVoteEmoji, VoteEmojiError } from '../../src/votes/vote-emoji.ts';

const CUSTOM = '123456789012345678';
const ANIMATED = '876543210987654321';

describe('parseVoteEmoji', () => {
  it('reads Unicode emoji with or without separators', () => {
    expect(parseVoteEmoji('👍 ⬆️, 🔥')).toEqual(['👍', '⬆️', '🔥']);
    expect(parseVoteEmoji('👍🔥⭐')).toEqual(['👍', '🔥', '⭐']);
    expect(parseVoteEmoji('  🎉  ')).toEqual(['🎉']);
  });

  it('keeps emoji sequences whole', () => {
    expect(parseVoteEmoji('👍🏽 🇫🇷 👨‍👩‍👧 1️⃣')).toEqual(['👍🏽', '🇫🇷', '👨‍👩‍👧', '1️⃣']);
  });

  it('stores custom emoji, animated or not, as their id', () => {
    expect(parseVoteEmoji(`<:paper:${CUSTOM}> <a:party_parrot:${ANIMATED}> 👍`)).toEqual([CUSTOM, ANIMATED, '👍']);
  });

  it('drops duplicates, the variation selector aside', () => {
    expect(parseVoteEmoji('⬆️ ⬆ 👍 👍')).toEqual(['⬆️', '👍']);
  });

  it('rejects text that is not an emoji, saying which', () => {
    expect(() => parseVoteEmoji('👍 hello')).toThrow(VoteEmojiError);
    expect(() => parseVoteEmoji('👍 hello')).toThrow(/“hello” is not an emoji/);
    expect(() => parseVoteEmoji(':thumbsup: 1')).toThrow(/“:thumbsup:”, “1” are not emoji/);
    expect(() => parseVoteEmoji('<:broken:12>')).toThrow(/“<:broken:12>” is not an emoji/);
    expect(() => parseVoteEmoji("'; DROP TABLE votes; --")).toThrow(VoteEmojiError);
  });

  it('wants one to ten', () => {
    expect(() => parseVoteEmoji('  , ')).toThrow(/at least one emoji/);
    const eleven = '😀 😁 😂 🤣 😃 😄 😅 😆 😉 😊 😋';
    expect(() => parseVoteEmoji(eleven)).toThrow(/At most 10/);
    expect(parseVoteEmoji(eleven.slice(0, eleven.lastIndexOf(' ')))).toHaveLength(10);
  });
});

describe('isVoteEmoji', () => {
  const list = ['👍', '⬆️', CUSTOM];

  it('matches Unicode emoji by name whether or not either side carries U+FE0F', () => {
    expect(isVoteEmoji(list, { id: null, name: '⬆' })).toBe(true);
    expect(isVoteEmoji(list, { id: null, name: '⬆️' })).toBe(true);
    expect(isVoteEmoji(['⬆'], { id: null, name: '⬆️' })).toBe(true);
    expect(isVoteEmoji(list, { id: null, name: '👍' })).toBe(true);
    expect(isVoteEmoji(list, { id: null, name: '👎' })).toBe(false);
    expect(isVoteEmoji(list, { id: null, name: null })).toBe(false);
  });

  it('matches custom emoji by id only', () => {
    expect(isVoteEmoji(list, { id: CUSTOM, name: 'paper' })).toBe(true);
    expect(isVoteEmoji(list, { id: ANIMATED, name: 'paper' })).toBe(false);
    // A custom emoji named like a listed Unicode one is still a different emoji.
    expect(isVoteEmoji(list, { id: ANIMATED, name: '👍' })).toBe(false);
  });
});
