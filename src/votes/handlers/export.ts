import { AttachmentBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { UserError } from '../../discord/user-error.ts';
import { toBibtex } from '../../export/bibtex.ts';
import { toCsv } from '../../export/csv.ts';
import { toJson } from '../../export/json.ts';
import { isPeriod, periodStart, type Period } from '../periods.ts';

const FORMATS = {
  bibtex: { ext: 'bib', write: toBibtex },
  csv: { ext: 'csv', write: toCsv },
  json: { ext: 'json', write: toJson },
} as const;

/** `/paper export`: the member's (or the server's) upvoted papers as a file, privately. */
export async function exportPapers(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const scope = interaction.options.getString('scope') === 'server' ? 'server' : 'mine';
  const raw = interaction.options.getString('format') ?? 'bibtex';
  const format = raw in FORMATS ? (raw as keyof typeof FORMATS) : 'bibtex';
  const rawPeriod = interaction.options.getString('period') ?? 'all';
  const period: Period = isPeriod(rawPeriod) ? rawPeriod : 'all';
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const rows = ctx.votes.exportRows(interaction.guildId, { scope, userId: interaction.user.id, since: periodStart(period, ctx.now()) });
  if (rows.length === 0) {
    throw new UserError(
      scope === 'mine' ? 'Nothing to export: you have not upvoted a paper here in that period.' : 'Nothing to export: no paper was upvoted here in that period.',
    );
  }
  const { ext, write } = FORMATS[format];
  const name = `paperboy-${scope}-${period}-${ctx.now().toISOString().slice(0, 10)}.${ext}`;
  await interaction.editReply({
    content: `${rows.length} paper(s), ${scope === 'mine' ? 'your upvotes' : "this server's upvotes"}, ${period === 'all' ? 'all time' : `this ${period}`}.`,
    files: [new AttachmentBuilder(Buffer.from(write(rows), 'utf8'), { name })],
  });
}
