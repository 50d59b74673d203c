import { MessageFlags, time, TimestampStyles, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { UserError } from '../../discord/user-error.ts';
import { nextRun, startingLastRunDay } from '../../schedule/due.ts';
import { missingPermissions } from '../channel-permissions.ts';
import { describeSettings } from '../describe.ts';
import { readSubscribeOptions } from '../read-subscribe-options.ts';
import { SUBSCRIPTION_DEFAULTS } from '../subscription.ts';
import { requireManager } from './require-manager.ts';

export async function subscribe(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const channelId = interaction.options.getChannel('channel', true).id;
  const existing = ctx.subscriptions.get(channelId);
  if (existing && existing.guildId !== guild.id) throw new UserError('That channel belongs to another server.');
  const o = interaction.options;
  const role = o.getRole('mention');
  const settings = readSubscribeOptions(
    {
      time: o.getString('time'),
      timezone: o.getString('timezone'),
      top: o.getInteger('top'),
      minUpvotes: o.getInteger('min-upvotes'),
      include: o.getString('include'),
      exclude: o.getString('exclude'),
      format: o.getString('format'),
      threads: o.getString('threads'),
      mentionRoleId: role?.id ?? null,
    },
    existing ?? SUBSCRIPTION_DEFAULTS,
  );
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  const missing = missingPermissions(channel && me ? channel.permissionsFor(me) : null, settings.threads);
  if (missing.length > 0) {
    throw new UserError(
      `I can't post in <#${channelId}>: I'm missing ${missing.map((m) => `**${m}**`).join(', ')} there. ` +
        'Grant them to my role in the channel settings (Edit Channel → Permissions), then run this again. Nothing was saved.',
    );
  }
  if (role && role.id !== guild.id && !role.mentionable && !me?.permissions.has('MentionEveryone')) {
    throw new UserError(`I can't ping ${role.name}: make the role mentionable (Server Settings → Roles) or pick another. Nothing was saved.`);
  }
  if (role?.id === guild.id) throw new UserError('Pick a role to mention, not @everyone. Nothing was saved.');
  const now = ctx.now();
  const lastRunDay = startingLastRunDay(settings, existing?.lastRunDay ?? null, now);
  const saved = ctx.subscriptions.save(channelId, guild.id, settings, lastRunDay);
  await interaction.reply({
    content:
      `${existing ? 'Updated' : 'Subscribed'} <#${channelId}>: ${describeSettings(saved)}.\n` +
      `Next post ${time(nextRun(saved, now), TimestampStyles.RelativeTime)}. Use \`/papers post-now\` to post today's list at once.`,
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
