/** HTTP plumbing: Discord-shaped errors, request body parsing (JSON and multipart), responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedFile } from './types.ts';

/** Thrown by route handlers; becomes `{ message, code, errors? }` with the HTTP status. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const Errors = {
  unauthorized: () => new DiscordError(401, 0, '401: Unauthorized'),
  notFound: () => new DiscordError(404, 0, '404: Not Found'),
  unknownChannel: () => new DiscordError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new DiscordError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new DiscordError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new DiscordError(404, 10008, 'Unknown Message'),
  unknownUser: () => new DiscordError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new DiscordError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new DiscordError(404, 10062, 'Unknown interaction'),
  unknownScheduledEvent: () => new DiscordError(404, 10070, 'Unknown Guild Scheduled Event'),
  unknownApplication: () => new DiscordError(404, 10002, 'Unknown Application'),
  alreadyAcknowledged: () => new DiscordError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new DiscordError(403, 50001, 'Missing Access'),
  missingPermissions: () => new DiscordError(403, 50013, 'Missing Permissions'),
  emptyMessage: () => new DiscordError(400, 50006, 'Cannot send an empty message'),
  notAuthor: () => new DiscordError(403, 50005, 'Cannot edit a message authored by another user'),
  threadExists: () => new DiscordError(400, 160004, 'A thread has already been created for this message'),
  wrongChannelType: () => new DiscordError(400, 50024, 'Cannot execute action on this channel type'),
  entityTooLarge: () => new DiscordError(413, 40005, 'Request entity too large'),
  invalidForm: (errors: Record<string, unknown>) => new DiscordError(400, 50035, 'Invalid Form Body', errors),
  dmAction: () => new DiscordError(400, 50003, 'Cannot execute action on a DM channel'),
  cannotSendToUser: () => new DiscordError(403, 50007, 'Cannot send messages to this user'),
  tooManyScheduledEvents: () =>
    new DiscordError(400, 30038, 'Maximum number of uncompleted guild scheduled events reached (100)'),
  scheduledEventFinished: () => new DiscordError(400, 180000, 'Cannot update a finished event'),
  pollExpired: () => new DiscordError(400, 520001, 'Poll expired'),
  notAPoll: () => new DiscordError(400, 520006, 'Cannot expire a non-poll message'),
};

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ParsedBody {
  json: unknown;
  files: RecordedFile[];
}

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { json: null, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType!, raw);
  try {
    return { json: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function parseMultipart(contentType: string, raw: Buffer): ParsedBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new DiscordError(400, 50035, 'Invalid Form Body');
  const delimiter = Buffer.from(`--${marker}`);
  const result: ParsedBody = { json: null, files: [] };
  let pos = raw.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start + 2, next - 2); // skip CRLF after delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(head)?.[1];
    const partType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
    if (name === 'payload_json') {
      try {
        result.json = JSON.parse(data.toString('utf8'));
      } catch {
        throw new DiscordError(400, 50109, 'The request body contains invalid JSON.');
      }
    } else if (filename !== undefined) {
      result.files.push({ field: name, filename, contentType: partType, data: Buffer.from(data) });
    }
    pos = next;
  }
  return result;
}

export function sendJSON(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}
