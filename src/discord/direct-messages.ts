import { Routes, type APIDMChannel, type REST } from 'discord.js';

/** The member's DM channel with the bot: Discord opens it the first time and returns the same one after. */
export async function openDm(rest: REST, userId: string): Promise<string> {
  const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIDMChannel;
  return channel.id;
}
