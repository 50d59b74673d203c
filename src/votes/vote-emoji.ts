import { MAX_VOTE_EMOJI } from '../settings/guild-settings-store.ts';

/** A vote emoji list a member typed that cannot be used; the message is written for them. */
export class VoteEmojiError extends Error {
  override name = 'VoteEmojiError';
}

/**
 * Discord sends some emoji with the U+FE0F variation selector and some without (`⬆️` and `⬆`), and
 * members type either: comparisons and stored reactions use the form without it.
 */
export const normaliseEmoji = (emoji: string): string => emoji.replaceAll('\uFE0F', '');

// One token at a time: a custom emoji (`<:name:id>`, `<a:name:id>` when animated), a Unicode emoji
// (RGI sequences such as 👍🏽, 🇫🇷 or 1️⃣, or a single pictograph typed without its selector, like ⬆),
// separators, or any other character (which makes the input invalid). The `v` flag is built at run time
// because the compile target predates it; Node 20 supports it.
const TOKEN = new RegExp(
  [
    String.raw`(?<custom><a?:\w{2,32}:(?<id>\d{15,21})>)`,
    String.raw`(?<emoji>\p{RGI_Emoji}|\p{Extended_Pictographic}\uFE0F?)`,
    String.raw`(?<sep>[\s,]+)`,
    String.raw`(?<other>.)`,
  ].join('|'),
  'gv',
);

/**
 * Reads the emoji a member gave `/settings vote-emoji`: Unicode emoji and the server's custom emoji,
 * separated by spaces, commas or nothing. Custom emoji are kept as their id (what a reaction carries);
 * duplicates are dropped. Throws VoteEmojiError for anything that is not an emoji, for none, or for
 * more than ten.
 */
export function parseVoteEmoji(input: string): string[] {
  const list: string[] = [];
  const seen = new Set<string>();
  const rejected: string[] = [];
  let word = '';
  const flush = () => {
    if (word) rejected.push(word);
    word = '';
  };
  for (const m of input.matchAll(TOKEN)) {
    const g = m.groups ?? {};
    if (g.other !== undefined) {
      word += g.other;
      continue;
    }
    flush();
    const entry = g.id ?? g.emoji;
    if (entry === undefined) continue;
    const key = normaliseEmoji(entry);
    if (!seen.has(key)) {
      seen.add(key);
      list.push(entry);
    }
  }
  flush();
  if (rejected.length > 0) {
    const shown = rejected.slice(0, 3).map((w) => `“${w.length > 30 ? `${w.slice(0, 30)}…` : w}”`);
    throw new VoteEmojiError(
      `${shown.join(', ')} ${rejected.length === 1 ? 'is not an emoji' : 'are not emoji'}. ` +
        'Pick them with the emoji picker, separated by spaces, e.g. 👍 ⬆️ 🔥 ⭐ (custom emoji of this server work too).',
    );
  }
  if (list.length === 0) throw new VoteEmojiError('Give at least one emoji, e.g. 👍 ⬆️ 🔥 ⭐.');
  if (list.length > MAX_VOTE_EMOJI) {
    throw new VoteEmojiError(`At most ${MAX_VOTE_EMOJI} emoji can count as votes; you gave ${list.length}.`);
  }
  return list;
}

/** Whether a reaction's emoji (Discord gives a custom emoji's id, a Unicode emoji's name) is in `list`. */
export function isVoteEmoji(list: readonly string[], emoji: { id: string | null; name: string | null }): boolean {
  if (emoji.id) return list.includes(emoji.id);
  if (!emoji.name) return false;
  const name = normaliseEmoji(emoji.name);
  return list.some((entry) => normaliseEmoji(entry) === name);
}
