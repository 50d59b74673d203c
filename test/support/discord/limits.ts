/**
 * The payload limits that bite in production, answered as Discord does:
 * 400 `{ code: 50035, message: 'Invalid Form Body', errors: { embeds: { 0: { title: { _errors: [...] } } } } }`.
 */
import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import { Errors } from './http-io.ts';

type Path = (string | number)[];
export type Obj = Record<string, unknown>;

export class FormErrors {
  readonly root: Obj = {};
  count = 0;

  add(path: Path, code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const k = String(key);
      node = (node[k] ??= {}) as Obj;
    }
    ((node._errors ??= []) as unknown[]).push({ code, message });
    this.count += 1;
  }

  maxLength(path: Path, value: unknown, max: number): void {
    if (typeof value === 'string' && [...value].length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  required(path: Path, value: unknown): boolean {
    if (value === undefined || value === null || value === '') {
      this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    return true;
  }

  throwIfAny(): void {
    if (this.count > 0) throw Errors.invalidForm(this.root);
  }
}

/** A `limit` query parameter: `fallback` when absent, else an integer in 1..max (NUMBER_TYPE_COERCE, _MIN, _MAX). */
export function limitParam(e: FormErrors, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit)) e.add(['limit'], 'NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`);
  else if (limit < 1) e.add(['limit'], 'NUMBER_TYPE_MIN', 'int value should be greater than or equal to 1.');
  else if (limit > max) e.add(['limit'], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  return limit;
}

/** A JSON value read as an object (`{}` when it is not one): request bodies are untrusted. */
export const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Length as Discord counts it, in code points (0 for a non-string). */
export const len = (v: unknown): number => (typeof v === 'string' ? [...v].length : 0);

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectText: 100,
  placeholder: 150,
  threadName: 100,
  choices: 25,
  choiceText: 100,
  modalTitle: 45,
} as const;

export function validateEmbeds(e: FormErrors, path: Path, embeds: unknown): void {
  const list = arr(embeds);
  if (list.length > LIMITS.embeds) e.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embeds} or fewer in length.`);
  let total = 0;
  list.forEach((raw, i) => {
    const embed = obj(raw);
    const p = [...path, i];
    e.maxLength([...p, 'title'], embed.title, LIMITS.embedTitle);
    e.maxLength([...p, 'description'], embed.description, LIMITS.embedDescription);
    e.maxLength([...p, 'footer', 'text'], obj(embed.footer).text, LIMITS.footerText);
    e.maxLength([...p, 'author', 'name'], obj(embed.author).name, LIMITS.authorName);
    total += len(embed.title) + len(embed.description) + len(obj(embed.footer).text) + len(obj(embed.author).name);
    const fields = arr(embed.fields);
    if (fields.length > LIMITS.embedFields) {
      e.add([...p, 'fields'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.embedFields} or fewer in length.`);
    }
    fields.forEach((rawField, j) => {
      const f = obj(rawField);
      const fp = [...p, 'fields', j];
      if (e.required([...fp, 'name'], f.name)) e.maxLength([...fp, 'name'], f.name, LIMITS.fieldName);
      if (e.required([...fp, 'value'], f.value)) e.maxLength([...fp, 'value'], f.value, LIMITS.fieldValue);
      total += len(f.name) + len(f.value);
    });
  });
  if (total > LIMITS.embedTotal) {
    e.add(path, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
}

export function validateComponents(e: FormErrors, path: Path, components: unknown, flags: number): void {
  const rows = arr(components);
  if ((flags & MessageFlags.IsComponentsV2) !== 0) return; // layout components: not modelled
  if (rows.length > LIMITS.actionRows)
    e.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.actionRows} or fewer in length.`);
  const seen = new Set<string>();
  rows.forEach((rawRow, i) => {
    const row = obj(rawRow);
    const rp = [...path, i, 'components'];
    const children = arr(row.components);
    if (row.type !== ComponentType.ActionRow)
      e.add([...path, i, 'type'], 'COMPONENT_TYPE_INVALID', 'Invalid component type');
    if (children.length === 0) e.add(rp, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    if (children.length > LIMITS.rowButtons)
      e.add(rp, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.rowButtons} or fewer in length.`);
    const hasSelect = children.some((c) => obj(c).type !== ComponentType.Button);
    if (hasSelect && children.length > 1) {
      e.add(rp, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((rawChild, j) => {
      const c = obj(rawChild);
      const cp = [...rp, j];
      if (typeof c.custom_id === 'string') {
        e.maxLength([...cp, 'custom_id'], c.custom_id, LIMITS.customId);
        if (seen.has(c.custom_id))
          e.add([...cp, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        seen.add(c.custom_id);
      }
      if (c.type === ComponentType.Button) {
        e.maxLength([...cp, 'label'], c.label, LIMITS.buttonLabel);
        if (c.style === 5) e.required([...cp, 'url'], c.url);
        else if (c.style !== 6) e.required([...cp, 'custom_id'], c.custom_id);
      } else {
        e.required([...cp, 'custom_id'], c.custom_id);
        e.maxLength([...cp, 'placeholder'], c.placeholder, LIMITS.placeholder);
        if (c.type === ComponentType.StringSelect) validateSelectOptions(e, [...cp, 'options'], c.options);
      }
    });
  });
}

function validateSelectOptions(e: FormErrors, path: Path, options: unknown): void {
  const list = arr(options);
  if (list.length === 0) e.add(path, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  if (list.length > LIMITS.selectOptions)
    e.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.selectOptions} or fewer in length.`);
  list.forEach((raw, i) => {
    const o = obj(raw);
    for (const key of ['label', 'value', 'description']) e.maxLength([...path, i, key], o[key], LIMITS.selectText);
  });
}

export interface MessageCheck {
  /** Creating (not editing): an empty message is refused with 50006. */
  create: boolean;
  fileCount?: number;
  /** Prefix of error paths, e.g. ['data'] for interaction callbacks. */
  path?: Path;
}

export function validateMessage(body: unknown, check: MessageCheck): void {
  const b = obj(body);
  const path = check.path ?? [];
  const e = new FormErrors();
  e.maxLength([...path, 'content'], b.content, LIMITS.content);
  validateEmbeds(e, [...path, 'embeds'], b.embeds);
  validateComponents(e, [...path, 'components'], b.components, typeof b.flags === 'number' ? b.flags : 0);
  e.throwIfAny();
  if (check.create) {
    const empty =
      (typeof b.content !== 'string' || b.content.trim() === '') &&
      arr(b.embeds).length === 0 &&
      arr(b.components).length === 0 &&
      !check.fileCount &&
      arr(b.sticker_ids).length === 0 &&
      !b.poll;
    if (empty) throw Errors.emptyMessage();
  }
}

export function validateThreadName(name: unknown): void {
  const e = new FormErrors();
  if (e.required(['name'], name)) e.maxLength(['name'], name, LIMITS.threadName);
  e.throwIfAny();
}

export function validateAutocomplete(data: unknown): void {
  const e = new FormErrors();
  const choices = arr(obj(data).choices);
  if (choices.length > LIMITS.choices)
    e.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', `Must be ${LIMITS.choices} or fewer in length.`);
  choices.forEach((raw, i) => {
    const c = obj(raw);
    const p = ['data', 'choices', i];
    if (e.required([...p, 'name'], c.name)) e.maxLength([...p, 'name'], c.name, LIMITS.choiceText);
    e.maxLength([...p, 'value'], c.value, LIMITS.choiceText);
  });
  e.throwIfAny();
}

export function validateModal(data: unknown): void {
  const d = obj(data);
  const e = new FormErrors();
  if (e.required(['data', 'title'], d.title)) e.maxLength(['data', 'title'], d.title, LIMITS.modalTitle);
  if (e.required(['data', 'custom_id'], d.custom_id)) e.maxLength(['data', 'custom_id'], d.custom_id, LIMITS.customId);
  const rows = arr(d.components);
  if (rows.length === 0 || rows.length > 5)
    e.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  e.throwIfAny();
}
