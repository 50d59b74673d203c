import { ChannelType, PermissionFlagsBits, SlashCommandBuilder, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { CommandModule } from '../src/discord/command-module.ts';
import { suggestTimeZones } from '../src/schedule/time-zone-choices.ts';
import { list } from '../src/subscriptions/handlers/list.ts';
import { postNow } from '../src/subscriptions/handlers/post-now.ts';
import { preview } from '../src/subscriptions/handlers/preview.ts';
import { settings, WEEKDAYS } from '../src/subscriptions/handlers/settings.ts';
import { status } from '../src/subscriptions/handlers/status.ts';
import { subscribe } from '../src/subscriptions/handlers/subscribe.ts';
import { unsubscribe } from '../src/subscriptions/handlers/unsubscribe.ts';
import { TOP_MAX } from '../src/subscriptions/subscription.ts';

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
const channel = (s: SlashCommandSubcommandBuilder, description: string, required = true) =>
  s.addChannelOption((o) => o.setName('channel').setDescription(description).addChannelTypes(...TEXT_CHANNELS).setRequired(required));

export const data = new SlashCommandBuilder()
  .setName('papers')
  .setDescription('Set up the daily Hugging Face papers in this server')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setDMPermission(false)
  .addSubcommand((s) =>
    channel(s.setName('subscribe').setDescription('Post the Daily Papers in a channel every day (or change its settings)'), 'Where to post')
      .addStringOption((o) => o.setName('time').setDescription('Local time to post, HH:MM (default 09:00)').setMaxLength(5))
      .addStringOption((o) => o.setName('timezone').setDescription('Time zone such as Europe/Berlin (default UTC)').setAutocomplete(true).setMaxLength(64))
      .addIntegerOption((o) => o.setName('top').setDescription('How many papers a day, best first (default 10)').setMinValue(1).setMaxValue(TOP_MAX))
      .addIntegerOption((o) => o.setName('min-upvotes').setDescription('Only papers with at least this many HF upvotes (default 0)').setMinValue(0))
      .addStringOption((o) => o.setName('include').setDescription('Only papers mentioning one of these, comma-separated').setMaxLength(500))
      .addStringOption((o) => o.setName('exclude').setDescription('Skip papers mentioning any of these, comma-separated').setMaxLength(500))
      .addStringOption((o) =>
        o.setName('format').setDescription('One message per paper, or one digest (default per-paper)').addChoices(
          { name: 'per-paper', value: 'per-paper' },
          { name: 'digest', value: 'digest' },
        ),
      )
      .addStringOption((o) =>
        o.setName('threads').setDescription('Open a discussion thread on each paper (default off)').addChoices(
          { name: 'on', value: 'on' },
          { name: 'off', value: 'off' },
        ),
      )
      .addRoleOption((o) => o.setName('mention').setDescription('A role to ping once per daily post')),
  )
  .addSubcommand((s) => channel(s.setName('unsubscribe').setDescription('Stop posting in a channel'), 'The channel to stop'))
  .addSubcommand((s) => s.setName('list').setDescription("This server's subscriptions and their next run"))
  .addSubcommand((s) =>
    channel(s.setName('preview').setDescription('See what would be posted (only you see it)'), "Use this channel's filters", false).addStringOption(
      (o) => o.setName('date').setDescription('Day of the list, YYYY-MM-DD (default today)').setMaxLength(10),
    ),
  )
  .addSubcommand((s) => channel(s.setName('post-now').setDescription("Post today's list in a subscribed channel now"), 'The channel'))
  .addSubcommand((s) => s.setName('status').setDescription('Recent fetches and the state of each subscription'))
  .addSubcommand((s) =>
    s
      .setName('settings')
      .setDescription("Show or change this server's Paperboy settings")
      .addChannelOption((o) => o.setName('log-channel').setDescription('Where to report problems').addChannelTypes(...TEXT_CHANNELS))
      .addBooleanOption((o) => o.setName('log-channel-off').setDescription('Stop reporting problems to a channel'))
      .addStringOption((o) =>
        o.setName('empty-day').setDescription('On days without papers').addChoices(
          { name: 'post nothing', value: 'silent' },
          { name: 'post a short note', value: 'note' },
        ),
      )
      .addStringOption((o) => o.setName('vote-emoji').setDescription('Reactions that count as upvotes, e.g. 👍 ⬆️ 🔥 ⭐').setMaxLength(300))
      .addChannelOption((o) =>
        o.setName('weekly-digest').setDescription("Post the week's most upvoted papers here once a week").addChannelTypes(...TEXT_CHANNELS),
      )
      .addStringOption((o) => o.setName('weekly-day').setDescription('Day of the weekly digest (default Monday)').addChoices(...WEEKDAYS.map((d) => ({ name: d, value: d }))))
      .addStringOption((o) => o.setName('weekly-time').setDescription('Time of the weekly digest, HH:MM (default 09:00)').setMaxLength(5))
      .addStringOption((o) => o.setName('weekly-timezone').setDescription('Time zone of the weekly digest (default UTC)').setAutocomplete(true).setMaxLength(64))
      .addBooleanOption((o) => o.setName('weekly-off').setDescription('Stop the weekly digest')),
  );

const handlers = { subscribe, unsubscribe, list, preview, 'post-now': postNow, status, settings } as const;

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const sub = interaction.options.getSubcommand(true) as keyof typeof handlers;
  await handlers[sub](interaction, ctx);
};

export const autocomplete: CommandModule['autocomplete'] = async (interaction) => {
  const focused = interaction.options.getFocused(true);
  const zones = focused.name === 'timezone' || focused.name === 'weekly-timezone' ? suggestTimeZones(focused.value) : [];
  await interaction.respond(zones.map((z) => ({ name: z, value: z })));
};
