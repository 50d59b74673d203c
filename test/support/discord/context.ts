/** The shared pieces every module of the emulator works with, plus message side effects. */
import { GatewayDispatchEvents, MessageFlags } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';
import { messageIntent } from './dms.ts';
import type { GatewayServer } from './gateway.ts';
import { Errors } from './http-io.ts';
import type { EmulatorState, GuildState } from './state.ts';
import type { MessageRecord } from './message-store.ts';

export interface EmulatorContext {
  readonly state: EmulatorState;
  readonly gateway: GatewayServer;
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  readonly token: string;
  readonly interactionDeadlineMs: number;
}

/** The guild a route names (`:guild`), or 404 / 10004 Unknown Guild. */
export function knownGuild(state: EmulatorState, id: string | undefined): GuildState {
  const guild = id ? state.guilds.get(id) : undefined;
  if (!guild) throw Errors.unknownGuild();
  return guild;
}

/** Stores a message, bumps channel/thread counters and dispatches MESSAGE_CREATE (GuildMessages intent). */
export function storeNewMessage(
  ctx: EmulatorContext,
  message: APIMessage,
  opts: { dispatch?: boolean } = {},
): MessageRecord {
  const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const record = ctx.state.messages.add(message, ephemeral);
  if (ephemeral) return record;
  const channel = ctx.state.channels.get(message.channel_id);
  if (channel) {
    channel.lastMessageId = message.id;
    if (channel.thread) channel.thread.messageCount += 1;
  }
  if (opts.dispatch !== false) {
    ctx.gateway.dispatch(
      GatewayDispatchEvents.MessageCreate,
      { ...message, mentions: [] },
      messageIntent(ctx.state, message.channel_id),
    );
  }
  return record;
}

export function announceEdit(ctx: EmulatorContext, record: MessageRecord): void {
  if (record.ephemeral) return;
  ctx.gateway.dispatch(
    GatewayDispatchEvents.MessageUpdate,
    ctx.state.messages.render(record, ctx.state.bot.id),
    messageIntent(ctx.state, record.message.channel_id),
  );
}

export function removeMessage(ctx: EmulatorContext, id: string): MessageRecord | undefined {
  const record = ctx.state.messages.delete(id);
  if (record && !record.ephemeral) {
    const m = record.message;
    ctx.gateway.dispatch(
      GatewayDispatchEvents.MessageDelete,
      { id: m.id, channel_id: m.channel_id, ...('guild_id' in m ? { guild_id: m.guild_id } : {}) },
      messageIntent(ctx.state, m.channel_id),
    );
  }
  return record;
}
