import {
  AttachmentBuilder,
  MessageFlags,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { toBibtex } from '../../src/export/bibtex.ts';
import { toCsv } from '../../src/export/csv.ts';
import { toJson } from '../../src/export/json.ts';
import { periodStart, PERIODS, type Period } from '../../src/votes/periods.ts';

const FORMATS = {
  bibtex: { ext: 'bib', write: toBibtex },
  csv: { ext: 'csv', write: toCsv },
  json: { ext: 'json', write: toJson },
} as const;

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('export')
    .setDescription('Upvoted papers as a file')
    .addStringOption((o) =>
      o
        .setName('scope')
        .setDescription('mine (default) or the whole server')
        .addChoices({ name: 'mine', value: 'mine' }, { name: 'server', value: 'server' }),
    )
    .addStringOption((o) =>
      o
        .setName('format')
        .setDescription('bibtex (default), csv or json')
        .addChoices(
          { name: 'bibtex', value: 'bibtex' },
          { name: 'csv', value: 'csv' },
          { name: 'json', value: 'json' },
        ),
    )
    .addStringOption((o) =>
      o
        .setName('period')
        .setDescription('Votes cast in… (default all)')
        .addChoices(...PERIODS.map((p) => ({ name: p, value: p }))),
    );

/** Discord's upload limit for a server without boosts, used when the interaction does not carry its own. */
const DEFAULT_UPLOAD_LIMIT = 25 * 1024 * 1024;

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${Math.ceil(bytes / 1024)} KB`
      : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** What to change to make an export smaller: a shorter period, only the member's votes, the compact format. */
function narrower(scope: 'mine' | 'server', format: keyof typeof FORMATS, period: Period): string {
  const shorter = PERIODS.slice(0, PERIODS.indexOf(period));
  const hints = [
    ...(shorter.length > 0 ? [`a shorter \`period\` (${shorter.join(', ')})`] : []),
    ...(scope === 'server' ? ['`scope:mine`'] : []),
    ...(format !== 'csv' ? ['`format:csv` (the most compact)'] : []),
  ];
  return hints.length > 0 ? `Narrow it: ${hints.join(' or ')}.` : 'There is no narrower export to ask for.';
}

export const options = z.object({
  scope: z.enum(['mine', 'server']).default('mine'),
  format: z.enum(['bibtex', 'csv', 'json']).default('bibtex'),
  period: z.enum(PERIODS).default('all'),
});

/** `/paper export`: the member's (or the server's) upvoted papers as a file, privately. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const { scope, format, period } = readOptions(interaction, options);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const since = periodStart(period, ctx.now());
  const rows = ctx.votes.exportRows(interaction.guildId, { scope, userId: interaction.user.id, since });
  if (rows.length === 0) {
    throw new UserError(
      scope === 'mine'
        ? 'Nothing to export: you have not upvoted a paper here in that period.'
        : 'Nothing to export: no paper was upvoted here in that period.',
    );
  }
  const { ext, write } = FORMATS[format];
  const name = `paperboy-${scope}-${period}-${ctx.now().toISOString().slice(0, 10)}.${ext}`;
  const what = scope === 'mine' ? 'your upvotes' : "this server's upvotes";
  const file = Buffer.from(write(rows), 'utf8');
  // Discord says, per interaction, how large an attachment it accepts here (more in boosted servers).
  const limit = interaction.attachmentSizeLimit || DEFAULT_UPLOAD_LIMIT;
  if (file.length > limit) {
    throw new UserError(
      `This export is ${size(file.length)}, more than the ${size(limit)} Discord lets me send in this server. ` +
        narrower(scope, format, period),
    );
  }
  await interaction.editReply({
    content: `${rows.length} paper(s), ${what}, ${period === 'all' ? 'all time' : `this ${period}`}.`,
    files: [new AttachmentBuilder(file, { name })],
  });
}
