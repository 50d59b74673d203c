/** Builds and edits APIMessage objects from create/edit payloads (including uploaded files). */
import { MessageFlags, MessageType } from 'discord-api-types/v10';
import type { APIAttachment, APIEmbed, APIMessage, APIUser } from 'discord-api-types/v10';
import type { SnowflakeGenerator } from './snowflake.ts';
import type { RecordedFile } from './types.ts';

type Obj = Record<string, unknown>;

/** Flags a client may set on a message; the rest are Discord's to set. */
const SETTABLE_FLAGS =
  MessageFlags.SuppressEmbeds |
  MessageFlags.SuppressNotifications |
  MessageFlags.IsComponentsV2 |
  MessageFlags.Ephemeral;

export interface BuildOptions {
  ids: SnowflakeGenerator;
  baseUrl: string;
  channelId: string;
  guildId: string | null;
  author: APIUser;
  body: Obj;
  files: RecordedFile[];
  id?: string;
  timestamp?: number;
  type?: MessageType;
  applicationId?: string;
  webhookId?: string;
  /** Discord-set flags (e.g. Loading for a deferred reply). */
  extraFlags?: number;
  interactionMetadata?: APIMessage['interaction_metadata'];
}

function attachmentsFrom(
  o: BuildOptions | { ids: SnowflakeGenerator; baseUrl: string; channelId: string },
  body: Obj,
  files: RecordedFile[],
): APIAttachment[] {
  const described = new Map<string, Obj>();
  for (const a of Array.isArray(body.attachments) ? (body.attachments as Obj[]) : []) described.set(String(a.id), a);
  return files.map((file, i) => {
    const index = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(i);
    const meta = described.get(index) ?? {};
    const id = o.ids.next();
    const filename = typeof meta.filename === 'string' ? meta.filename : file.filename;
    const url = `${o.baseUrl}/attachments/${o.channelId}/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    };
  });
}

function embedsFrom(value: unknown): APIEmbed[] {
  return Array.isArray(value) ? (value as APIEmbed[]).map((e) => ({ type: 'rich', ...e }) as APIEmbed) : [];
}

export function buildMessage(o: BuildOptions): APIMessage {
  const b = o.body;
  const flags = ((typeof b.flags === 'number' ? b.flags : 0) & SETTABLE_FLAGS) | (o.extraFlags ?? 0);
  const reference = b.message_reference as Obj | undefined;
  const message: APIMessage = {
    id: o.id ?? o.ids.next(),
    channel_id: o.channelId,
    author: o.author,
    content: typeof b.content === 'string' ? b.content : '',
    timestamp: new Date(o.timestamp ?? o.ids.clock()).toISOString(),
    edited_timestamp: null,
    tts: b.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: attachmentsFrom(o, b, o.files),
    embeds: embedsFrom(b.embeds),
    pinned: false,
    type: o.type ?? (reference ? MessageType.Reply : MessageType.Default),
    flags,
    components: Array.isArray(b.components) ? (b.components as APIMessage['components']) : [],
  };
  if (o.guildId) (message as APIMessage & { guild_id: string }).guild_id = o.guildId;
  if (b.nonce !== undefined) message.nonce = b.nonce as string;
  if (o.webhookId) message.webhook_id = o.webhookId;
  if (o.applicationId) message.application_id = o.applicationId;
  if (o.interactionMetadata) message.interaction_metadata = o.interactionMetadata;
  if (reference && typeof reference.message_id === 'string') {
    message.message_reference = {
      type: 0,
      message_id: reference.message_id,
      channel_id: (reference.channel_id as string) ?? o.channelId,
      ...(o.guildId ? { guild_id: o.guildId } : {}),
    };
  }
  return message;
}

/** Applies a PATCH body in place (fields present replace the old ones) and returns the message. */
export function applyEdit(
  message: APIMessage,
  body: Obj,
  files: RecordedFile[],
  ctx: { ids: SnowflakeGenerator; baseUrl: string },
): APIMessage {
  if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
  if ('embeds' in body) message.embeds = embedsFrom(body.embeds);
  if ('components' in body)
    message.components = Array.isArray(body.components) ? (body.components as APIMessage['components']) : [];
  if (typeof body.flags === 'number') {
    const keep = (message.flags ?? 0) & ~MessageFlags.SuppressEmbeds & ~MessageFlags.Loading;
    message.flags = keep | (body.flags & MessageFlags.SuppressEmbeds);
  } else {
    message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  }
  if ('attachments' in body || files.length > 0) {
    const listed = Array.isArray(body.attachments) ? (body.attachments as Obj[]).map((a) => String(a.id)) : null;
    const kept = listed ? message.attachments.filter((a) => listed.includes(a.id)) : message.attachments;
    message.attachments = [...kept, ...attachmentsFrom({ ...ctx, channelId: message.channel_id }, body, files)];
  }
  message.edited_timestamp = new Date(ctx.ids.clock()).toISOString();
  return message;
}
