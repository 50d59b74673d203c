/** What a test gets back from emu.sendSlashCommand() & co. to await and inspect the bot's answer. */
import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import type { EmulatorContext } from './context.ts';
import type { InteractionCallback, InteractionKind, InteractionRecord, InteractionRegistry } from './interactions.ts';

export class InteractionHandle {
  constructor(
    private readonly rec: InteractionRecord,
    private readonly ctx: EmulatorContext,
    private readonly registry: InteractionRegistry,
  ) {}

  get id(): string {
    return this.rec.id;
  }
  get token(): string {
    return this.rec.token;
  }
  get kind(): InteractionKind {
    return this.rec.kind;
  }
  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): APIInteraction {
    return this.rec.payload;
  }
  /** How many gateway sessions it was dispatched to (0: no client connected). */
  get delivered(): number {
    return this.rec.delivered;
  }

  /**
   * Resolves with the callback body `{ type, data }` once the bot acknowledges; rejects with
   * InteractionNotAcknowledgedError (code 'INTERACTION_NOT_ACKNOWLEDGED') after the deadline.
   */
  get response(): Promise<InteractionCallback> {
    return this.rec.promise;
  }
  get acknowledged(): boolean {
    return this.rec.callback !== null;
  }
  /** True once the deadline passed without an acknowledgement. */
  get expired(): boolean {
    return this.rec.expired;
  }
  get callback(): InteractionCallback | null {
    return this.rec.callback;
  }

  /** The current @original message (after edits), or null. */
  get original(): APIMessage | null {
    const id = this.rec.originalId;
    const record = id ? this.ctx.state.messages.get(id) : undefined;
    return record ? this.ctx.state.messages.render(record, this.ctx.state.bot.id) : null;
  }

  /** Follow-up messages in order (deleted ones are left out). */
  get followups(): APIMessage[] {
    const out: APIMessage[] = [];
    for (const id of this.rec.followupIds) {
      const r = this.ctx.state.messages.get(id);
      if (r) out.push(this.ctx.state.messages.render(r, this.ctx.state.bot.id));
    }
    return out;
  }

  /** Waits until `check` holds, re-evaluated after every callback/webhook operation on this interaction. */
  waitUntil(check: (ix: this) => boolean, timeoutMs = 2000): Promise<void> {
    if (check(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onChange = (rec: InteractionRecord) => {
        if (rec !== this.rec || !check(this)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Interaction ${this.id}: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.registry.events.off('change', onChange);
      };
      this.registry.events.on('change', onChange);
    });
  }

  /** Waits for an @original message matching `predicate` (default: any that is no longer "thinking"). */
  async waitForOriginal(predicate?: (m: APIMessage) => boolean, timeoutMs = 2000): Promise<APIMessage> {
    const ok = (m: APIMessage | null): m is APIMessage =>
      m !== null && (predicate ? predicate(m) : ((m.flags ?? 0) & (1 << 7)) === 0);
    await this.waitUntil((ix) => ok(ix.original), timeoutMs);
    return this.original!;
  }
}
