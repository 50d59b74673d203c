import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { truncate } from '../format/text.ts';
import type { TitleMatch } from '../papers/find-paper.ts';
import { LIMITS } from './limits.ts';

/** Autocomplete choices for papers: the title shown, the arXiv id sent back. */
export function paperChoices(matches: readonly TitleMatch[]): ApplicationCommandOptionChoiceData<string>[] {
  return matches.slice(0, LIMITS.autocompleteChoices).map((m) => ({
    name: truncate(`${m.title} (${m.id})`, LIMITS.choiceName),
    value: m.id,
  }));
}
