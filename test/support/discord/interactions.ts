/**
 * Interaction lifecycle: dispatch, the 3 s acknowledgement deadline, the single allowed
 * callback, and the messages (@original, follow-ups, the clicked message) it produces.
 */
import { EventEmitter } from 'node:events';
import {
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import { storeNewMessage, announceEdit } from './context.ts';
import type { EmulatorContext } from './context.ts';
import { Errors } from './http-io.ts';
import { obj, validateAutocomplete, validateMessage, validateModal } from './limits.ts';
import type { Obj } from './limits.ts';
import { applyEdit, buildMessage } from './messages.ts';
import type { RecordedFile } from './types.ts';

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

export interface InteractionCallback {
  type: InteractionResponseType;
  data?: Record<string, unknown>;
}

/** What `ix.response` rejects with when the bot did not acknowledge in time. */
export class InteractionNotAcknowledgedError extends Error {
  readonly code = 'INTERACTION_NOT_ACKNOWLEDGED';
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  readonly payload: APIInteraction;
  readonly userId: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly dispatchedAt: number;
  readonly deadline: number;
  /** Message a component sits on (clicks) or the modal was opened from. */
  readonly componentMessageId: string | null;
  delivered: number;
  callback: InteractionCallback | null;
  expired: boolean;
  originalId: string | null;
  followupIds: string[];
  timer: NodeJS.Timeout | null;
  readonly promise: Promise<InteractionCallback>;
  resolve: (cb: InteractionCallback) => void;
  reject: (err: Error) => void;
}

/** Discord refuses a reply whose attachment is larger than the interaction's `attachment_size_limit` (413, 40005). */
function checkFileSizes(rec: InteractionRecord, files: readonly RecordedFile[]): void {
  const limit = rec.payload.attachment_size_limit;
  if (files.some((f) => f.data.length > limit)) throw Errors.entityTooLarge();
}

const ALLOWED: Record<InteractionKind, InteractionResponseType[]> = {
  command: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  autocomplete: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  component: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  modal: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

export class InteractionRegistry {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();
  /** Emits 'change' (record) after every callback / webhook operation. */
  readonly events = new EventEmitter().setMaxListeners(0);
  count = 0;

  constructor(private readonly ctx: EmulatorContext) {}

  dispatch(
    kind: InteractionKind,
    payload: Obj,
    meta: { userId: string; componentMessageId?: string },
  ): InteractionRecord {
    let resolve!: (cb: InteractionCallback) => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<InteractionCallback>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const rec: InteractionRecord = {
      id: String(payload.id),
      token: String(payload.token),
      kind,
      payload: payload as unknown as APIInteraction,
      userId: meta.userId,
      channelId: String(payload.channel_id),
      guildId: String(payload.guild_id),
      dispatchedAt: this.ctx.state.now(),
      deadline: this.ctx.state.now() + this.ctx.interactionDeadlineMs,
      componentMessageId: meta.componentMessageId ?? null,
      delivered: 0,
      callback: null,
      expired: false,
      originalId: null,
      followupIds: [],
      timer: null,
      promise,
      resolve,
      reject,
    };
    promise.catch(() => undefined); // tests that never await ix.response must not see an unhandled rejection
    this.#byId.set(rec.id, rec);
    this.#byToken.set(rec.token, rec);
    this.count += 1;
    rec.timer = setTimeout(() => this.#expire(rec), this.ctx.interactionDeadlineMs);
    rec.timer.unref();
    rec.delivered = this.ctx.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    return rec;
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.#byToken.get(token);
  }

  #expire(rec: InteractionRecord): void {
    rec.timer = null;
    if (rec.callback) return;
    rec.expired = true;
    const why = rec.delivered === 0 ? ' (no gateway session was connected to receive it)' : '';
    rec.reject(
      new InteractionNotAcknowledgedError(
        `Interaction ${rec.id} (${rec.kind}) did not respond within ${this.ctx.interactionDeadlineMs} ms${why}`,
      ),
    );
    this.events.emit('change', rec);
  }

  /** POST /interactions/:id/:token/callback. Returns the JSON body for with_response=true. */
  callback(id: string, token: string, body: unknown, files: RecordedFile[], withResponse: boolean): unknown {
    const rec = this.#byId.get(id);
    if (!rec || rec.token !== token) throw Errors.unknownInteraction();
    if (rec.expired || this.ctx.state.now() > rec.deadline) {
      if (!rec.callback) rec.expired = true;
      if (rec.expired) throw Errors.unknownInteraction();
    }
    if (rec.callback) throw Errors.alreadyAcknowledged();
    checkFileSizes(rec, files);
    const b = obj(body);
    const type = b.type as InteractionResponseType;
    const data = obj(b.data);
    if (!ALLOWED[rec.kind].includes(type)) {
      throw Errors.invalidForm({
        type: {
          _errors: [
            {
              code: 'INTERACTION_RESPONSE_TYPE_INVALID',
              message: `Response type ${String(type)} is not valid for this interaction`,
            },
          ],
        },
      });
    }
    let message: APIMessage | null = null;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        validateMessage(data, { create: true, fileCount: files.length, path: ['data'] });
        message = this.#createMessage(rec, data, files, 0).message;
        rec.originalId = message.id;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        message = this.#createMessage(
          rec,
          { flags: Number(data.flags ?? 0) & MessageFlags.Ephemeral },
          [],
          MessageFlags.Loading,
        ).message;
        rec.originalId = message.id;
        break;
      case InteractionResponseType.DeferredMessageUpdate:
        rec.originalId = rec.componentMessageId;
        break;
      case InteractionResponseType.UpdateMessage: {
        validateMessage(data, { create: false, path: ['data'] });
        const target = rec.componentMessageId ? this.ctx.state.messages.get(rec.componentMessageId) : undefined;
        if (!target) throw Errors.unknownMessage();
        applyEdit(target.message, data, files, { ids: this.ctx.state.ids, baseUrl: this.ctx.baseUrl });
        announceEdit(this.ctx, target);
        rec.originalId = target.message.id;
        message = this.ctx.state.messages.render(target, this.ctx.state.bot.id);
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        validateAutocomplete(data);
        break;
      case InteractionResponseType.Modal:
        validateModal(data);
        break;
      default:
        break;
    }
    rec.callback = { type, ...(b.data !== undefined ? { data } : {}) };
    if (rec.timer) clearTimeout(rec.timer);
    rec.resolve(rec.callback);
    this.events.emit('change', rec);
    if (!withResponse) return undefined;
    return {
      interaction: {
        id: rec.id,
        type: rec.payload.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
              response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message ? { message } : {}) },
    };
  }

  #createMessage(rec: InteractionRecord, body: Obj, files: RecordedFile[], extraFlags: number) {
    const { state } = this.ctx;
    const user = state.users.get(rec.userId)!;
    const isCommand = rec.payload.type === InteractionType.ApplicationCommand;
    const message = buildMessage({
      ids: state.ids,
      baseUrl: this.ctx.baseUrl,
      channelId: rec.channelId,
      guildId: rec.guildId,
      author: state.bot,
      body,
      files,
      type: isCommand ? MessageType.ChatInputCommand : MessageType.Default,
      applicationId: state.applicationId,
      webhookId: state.applicationId,
      extraFlags,
      interactionMetadata: {
        id: rec.id,
        type: rec.payload.type,
        user,
        authorizing_integration_owners: { 0: rec.guildId },
        ...(rec.componentMessageId ? { interacted_message_id: rec.componentMessageId } : {}),
      } as APIMessage['interaction_metadata'],
    });
    return storeNewMessage(this.ctx, message);
  }

  /** Resolves a webhook message id ('@original' or a snowflake) belonging to this interaction. */
  #target(rec: InteractionRecord, messageId: string) {
    const id = messageId === '@original' ? rec.originalId : messageId;
    const allowed = id !== null && (id === rec.originalId || rec.followupIds.includes(id));
    const record = allowed ? this.ctx.state.messages.get(id) : undefined;
    if (!record) throw Errors.unknownMessage();
    return record;
  }

  getMessage(rec: InteractionRecord, messageId: string): APIMessage {
    return this.ctx.state.messages.render(this.#target(rec, messageId), this.ctx.state.bot.id);
  }

  editMessage(rec: InteractionRecord, messageId: string, body: unknown, files: RecordedFile[]): APIMessage {
    const record = this.#target(rec, messageId);
    validateMessage(body, { create: false });
    checkFileSizes(rec, files);
    applyEdit(record.message, obj(body), files, { ids: this.ctx.state.ids, baseUrl: this.ctx.baseUrl });
    announceEdit(this.ctx, record);
    this.events.emit('change', rec);
    return this.ctx.state.messages.render(record, this.ctx.state.bot.id);
  }

  deleteMessage(rec: InteractionRecord, messageId: string): void {
    const record = this.#target(rec, messageId);
    this.ctx.state.messages.delete(record.message.id);
    this.events.emit('change', rec);
  }

  /**
   * POST /webhooks/:app/:token. The first follow-up after a deferral replaces the "thinking" message,
   * as on Discord.
   */
  followup(rec: InteractionRecord, body: unknown, files: RecordedFile[]): APIMessage {
    if (!rec.callback) throw Errors.unknownWebhook();
    validateMessage(body, { create: true, fileCount: files.length });
    checkFileSizes(rec, files);
    const original = rec.originalId ? this.ctx.state.messages.get(rec.originalId) : undefined;
    if (original && ((original.message.flags ?? 0) & MessageFlags.Loading) !== 0) {
      return this.editMessage(rec, original.message.id, body, files);
    }
    const record = this.#createMessage(rec, obj(body), files, 0);
    rec.followupIds.push(record.message.id);
    this.events.emit('change', rec);
    return record.message;
  }

  close(): void {
    for (const rec of this.#byId.values()) if (rec.timer) clearTimeout(rec.timer);
  }
}
