import {
  ComponentType,
  MessageFlags,
  PermissionFlagsBits,
  TextInputStyle,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { DEFAULT_DURATION, MAX_DURATION, MIN_DURATION, parseWhen } from '../../src/club/session-time.ts';
import { encodeCustomId, type CustomId } from '../../src/discord/custom-id.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { truncate } from '../../src/format/text.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { requireEventManager } from './require-events.ts';
import { defaultZone, scheduleAndReply } from './schedule-session.ts';

/** The winner post's button (`club:schedule-it:<paperId>`, see club-layout.ts) and the modal it opens. */
export const actions = ['schedule-it'] as const;
export const modals = ['schedule-modal'] as const;

const MODAL_TITLE = 45;

function paperOf(ctx: BotContext, id: CustomId): Paper {
  const paper = id.args[0] ? ctx.papers.get(id.args.join(':')) : null;
  if (!paper) throw new UserError('I no longer know this paper: schedule it with `/club schedule`.');
  return paper;
}

/** Schedule it: managers get a modal asking when; everyone else a private note. */
export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  if (!interaction.inCachedGuild()) throw new UserError('Use this in a server.');
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageEvents)) {
    await interaction.reply({
      content: 'A member with the **Manage Events** permission can schedule this reading session.',
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const paper = paperOf(ctx, id);
  const text = (custom_id: string, label: string, extra: Record<string, unknown>) => ({
    type: ComponentType.ActionRow as const,
    components: [{ type: ComponentType.TextInput as const, custom_id, label, style: TextInputStyle.Short, ...extra }],
  });
  await interaction.showModal({
    custom_id: encodeCustomId('club', 'schedule-modal', paper.id),
    title: truncate(`Schedule: ${paper.title.replace(/\s+/g, ' ')}`, MODAL_TITLE),
    components: [
      text('when', 'Start (YYYY-MM-DD HH:MM)', { required: true, max_length: 40, placeholder: '2026-03-10 18:00' }),
      text('timezone', 'Time zone', { required: false, max_length: 64, value: defaultZone(ctx, interaction.guildId) }),
      text('duration', `Duration in minutes (${MIN_DURATION} to ${MAX_DURATION})`, {
        required: false,
        max_length: 4,
        value: String(DEFAULT_DURATION),
      }),
    ],
  });
}

/** The modal's answer: the session is created as `/club schedule` does it, in the paper's thread here. */
export async function submit(interaction: ModalSubmitInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  const guild = requireEventManager(interaction);
  const paper = paperOf(ctx, id);
  const field = (name: string) => {
    const f = interaction.fields.fields.get(name);
    return f && 'value' in f && typeof f.value === 'string' ? f.value.trim() : '';
  };
  const zone = field('timezone') || defaultZone(ctx, guild.id);
  const when = parseWhen(field('when'), zone, ctx.now());
  if (!when.ok) throw new UserError(when.problem);
  const typed = field('duration') || String(DEFAULT_DURATION);
  const duration = /^\d+$/.test(typed) ? Number(typed) : NaN;
  if (!(duration >= MIN_DURATION && duration <= MAX_DURATION)) {
    throw new UserError(`The duration is in minutes, from ${MIN_DURATION} to ${MAX_DURATION}.`);
  }
  if (!interaction.channelId) throw new UserError('Use this in a server channel.');
  await scheduleAndReply(interaction, ctx, {
    guild,
    channelId: interaction.channelId,
    paper,
    start: when.start,
    durationMinutes: duration,
    voiceChannel: null,
    memberId: interaction.user.id,
  });
}
