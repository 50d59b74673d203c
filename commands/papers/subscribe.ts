import {
  MessageFlags,
  time,
  TimestampStyles,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { missingPermissions } from '../../src/discord/channel-permissions.ts';
import { channelOption, readOptions, roleOption } from '../../src/discord/read-options.ts';
import { describeSettings } from '../../src/discord/subscription-text.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { nextRun, startingLastRunDay } from '../../src/schedule/due.ts';
import { SUBSCRIPTION_DEFAULTS, TOP_MAX } from '../../src/subscriptions/subscription.ts';
import { withChannel } from './channel-option.ts';
import { requireManager } from './require-manager.ts';
import { readSubscribeOptions } from './subscribe-options.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  withChannel(
    s.setName('subscribe').setDescription('Post the Daily Papers in a channel every day (or change its settings)'),
    'Where to post',
  )
    .addStringOption((o) =>
      o.setName('time').setDescription('Local time to post, HH:MM (default 09:00)').setMaxLength(5),
    )
    .addStringOption((o) =>
      o
        .setName('timezone')
        .setDescription('Time zone such as Europe/Berlin (default UTC)')
        .setAutocomplete(true)
        .setMaxLength(64),
    )
    .addIntegerOption((o) =>
      o
        .setName('top')
        .setDescription('How many papers a day, best first (default 10)')
        .setMinValue(1)
        .setMaxValue(TOP_MAX),
    )
    .addIntegerOption((o) =>
      o
        .setName('min-upvotes')
        .setDescription('Only papers with at least this many HF upvotes (default 0)')
        .setMinValue(0),
    )
    .addStringOption((o) =>
      o.setName('include').setDescription('Only papers mentioning one of these, comma-separated').setMaxLength(500),
    )
    .addStringOption((o) =>
      o.setName('exclude').setDescription('Skip papers mentioning any of these, comma-separated').setMaxLength(500),
    )
    .addStringOption((o) =>
      o
        .setName('format')
        .setDescription('One message per paper, or one digest (default per-paper)')
        .addChoices({ name: 'per-paper', value: 'per-paper' }, { name: 'digest', value: 'digest' }),
    )
    .addStringOption((o) =>
      o
        .setName('threads')
        .setDescription('Open a discussion thread on each paper (default off)')
        .addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' }),
    )
    .addRoleOption((o) => o.setName('mention').setDescription('A role to ping once per daily post'))
    .addStringOption((o) =>
      o
        .setName('rank')
        .setDescription("Order each day's list by HF upvotes, or by this server's upvotes blended with them")
        .addChoices({ name: 'hf-upvotes', value: 'hf-upvotes' }, { name: 'server-taste', value: 'server-taste' }),
    );

// Types only: readSubscribeOptions checks the values and says what to fix.
export const options = z.object({
  channel: channelOption(),
  time: z.string().optional(),
  timezone: z.string().optional(),
  top: z.number().optional(),
  'min-upvotes': z.number().optional(),
  include: z.string().optional(),
  exclude: z.string().optional(),
  format: z.string().optional(),
  threads: z.string().optional(),
  mention: roleOption().optional(),
  rank: z.string().optional(),
});

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const o = readOptions(interaction, options);
  const channelId = o.channel.id;
  const existing = ctx.subscriptions.get(channelId);
  if (existing && existing.guildId !== guild.id) throw new UserError('That channel belongs to another server.');
  const role = o.mention ?? null;
  const settings = readSubscribeOptions(
    { ...o, minUpvotes: o['min-upvotes'], mentionRoleId: role?.id ?? null },
    existing ?? SUBSCRIPTION_DEFAULTS,
  );
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  const missing = missingPermissions(channel && me ? channel.permissionsFor(me) : null, settings.threads);
  if (missing.length > 0) {
    throw new UserError(
      `I can't post in <#${channelId}>: I'm missing ${missing.map((m) => `**${m}**`).join(', ')} there. ` +
        'Grant them to my role in the channel settings (Edit Channel → Permissions), then run this again. Nothing ' +
        'was saved.',
    );
  }
  if (role && role.id !== guild.id && !role.mentionable && !me?.permissions.has('MentionEveryone')) {
    throw new UserError(
      `I can't ping ${role.name}: make the role mentionable (Server Settings → Roles) or pick another. Nothing ` +
        `was saved.`,
    );
  }
  // The ping is sent on the member's behalf: they must be allowed to ping the role themselves, as in Discord.
  if (role && role.id !== guild.id && !role.mentionable && !interaction.memberPermissions?.has('MentionEveryone')) {
    throw new UserError(
      `You may not ping ${role.name}: it is not mentionable and you lack **Mention @everyone, @here, and All ` +
        'Roles**. Make the role mentionable (Server Settings → Roles) or pick another. Nothing was saved.',
    );
  }
  if (role?.id === guild.id) throw new UserError('Pick a role to mention, not @everyone. Nothing was saved.');
  const now = ctx.now();
  const lastRunDay = startingLastRunDay(settings, existing?.lastRunDay ?? null, now);
  const saved = ctx.subscriptions.save(channelId, guild.id, settings, lastRunDay);
  await interaction.reply({
    content:
      `${existing ? 'Updated' : 'Subscribed'} <#${channelId}>: ${describeSettings(saved)}.\n` +
      `Next post ${time(nextRun(saved, now), TimestampStyles.RelativeTime)}. ` +
      "Use `/papers post-now` to post today's list at once.",
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
