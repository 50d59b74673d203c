import { InteractionResponseType } from 'discord-api-types/v10';
import type { APIMessage } from 'discord.js';
import type { World } from './delivery-world.ts';

/** Another server the bot joins during a test, driven like the world's own through the local Discord. */
export interface Server {
  guildId: string;
  ch(name: string): string;
  posts(channel: string): APIMessage[];
  /** Runs a `/papers` subcommand as this server's owner and returns the reply's text. */
  papers(sub: string, options?: Record<string, string | number | boolean>): Promise<string>;
  /** A member clicks a post's vote button. */
  vote(channel: string, message: APIMessage, paperId: string, userId: string): Promise<void>;
}

/** The bot joins a second server (GUILD_CREATE) with the given text channels. */
export async function joinServer(w: World, name: string, channels: string[]): Promise<Server> {
  const guild = w.emu.addGuild({
    name,
    members: [{ username: `${name}-owner` }],
    channels: channels.map((n) => ({ name: n })),
  });
  await waitUntil(() => w.h.bot.client.guilds.cache.has(guild.id));
  return serverOf(w, guild.id, channels[0] ?? '');
}

/** A server of the world (the world's own: `serverOf(w, w.guildId, 'papers')`). */
export function serverOf(w: World, guildId: string, commandChannel: string): Server {
  const ch = (n: string) => w.emu.channel(n, guildId).id;
  return {
    guildId,
    ch,
    posts: (n) => w.emu.messages(ch(n)),
    async papers(sub, options = {}) {
      const ix = w.emu.sendSlashCommand({ channelId: ch(commandChannel), name: 'papers', subcommand: sub, options });
      const res = await ix.response;
      if (res.type === InteractionResponseType.DeferredChannelMessageWithSource) {
        await ix.waitUntil((x) => Boolean(x.original?.content), 15_000);
        return ix.original?.content ?? '';
      }
      return (res.data as { content?: string }).content ?? '';
    },
    async vote(channel, message, paperId, userId) {
      await w.emu.clickButton({
        channelId: ch(channel),
        messageId: message.id,
        customId: `paper:vote:${paperId}`,
        userId,
      }).response;
    },
  };
}

/** Polls `check` every 10 ms until it holds; after `ms`, fails naming `what` was waited for. */
export async function waitUntil(check: () => boolean, ms = 5000, what = 'a condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
