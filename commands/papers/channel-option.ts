import { ChannelType, type SlashCommandSubcommandBuilder } from 'discord.js';

export const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/** The `channel` option most /papers subcommands take: a text or announcement channel. */
export const withChannel = (s: SlashCommandSubcommandBuilder, description: string, required = true) =>
  s.addChannelOption((o) =>
    o
      .setName('channel')
      .setDescription(description)
      .addChannelTypes(...TEXT_CHANNELS)
      .setRequired(required),
  );
