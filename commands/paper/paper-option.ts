import type { SlashCommandStringOption } from 'discord.js';

/** The `paper` option shared by show and summary: an arXiv id, link or title, with autocomplete. */
export const paperOption = (o: SlashCommandStringOption) =>
  o
    .setName('paper')
    .setDescription('arXiv id, arXiv link or title')
    .setRequired(true)
    .setAutocomplete(true)
    .setMaxLength(300);

export const noPaperMatches = (typed: string) =>
  `No stored paper matches "${typed.slice(0, 100)}". Try an arXiv id such as 2509.04664, or pick a title from the ` +
  `suggestions.`;
