import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordRefusal } from '../../src/discord/discord-refusal.ts';

const API = 'http://127.0.0.1:1/api/v10';
const refused = (
  status: number,
  raw: { code: number; message: string; errors?: unknown },
  method: string,
  path: string,
) =>
  new DiscordAPIError(
    raw as ConstructorParameters<typeof DiscordAPIError>[0],
    raw.code,
    status,
    method,
    `${API}${path}`,
    { body: {}, files: [] },
  );

describe('discordRefusal', () => {
  it("names the request and each refused field in a member's words", () => {
    const err = refused(
      400,
      {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          scheduled_start_time: {
            _errors: [{ code: 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', message: 'Cannot schedule event in the past.' }],
          },
          name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] },
        },
      },
      'POST',
      '/guilds/1/scheduled-events',
    );
    expect(discordRefusal(err)).toBe(
      'Discord refused the event: the start time is in the past; the name: must be between 1 and 100 in length.',
    );
  });

  it("keeps Discord's message when there is no field, and names unknown fields as they are", () => {
    expect(
      discordRefusal(
        refused(
          400,
          { code: 180000, message: 'Cannot modify a finished event' },
          'PATCH',
          '/guilds/1/scheduled-events/2',
        ),
      ),
    ).toBe('Discord refused the event: cannot modify a finished event.');
    expect(
      discordRefusal(
        refused(
          400,
          {
            code: 50035,
            message: 'Invalid Form Body',
            errors: {
              poll: { answers: { 0: { poll_media: { text: { _errors: [{ code: 'X', message: 'Too long.' }] } } } } },
            },
          },
          'POST',
          '/channels/3/messages',
        ),
      ),
    ).toBe('Discord refused the message: `poll.answers[0].poll_media.text`: too long.');
    expect(
      discordRefusal(refused(403, { code: 50013, message: 'Missing Permissions' }, 'POST', '/channels/3/threads')),
    ).toBe('Discord refused the thread: missing permissions.');
  });

  it('is null for what is not a refusal of the request: not found, server errors, the reply itself, other errors', () => {
    expect(discordRefusal(refused(404, { code: 10003, message: 'Unknown Channel' }, 'GET', '/channels/3'))).toBeNull();
    expect(
      discordRefusal(refused(500, { code: 0, message: '500: Internal Server Error' }, 'POST', '/channels/3/messages')),
    ).toBeNull();
    expect(
      discordRefusal(
        refused(400, { code: 50035, message: 'Invalid Form Body' }, 'POST', '/interactions/1/tok/callback'),
      ),
    ).toBeNull();
    expect(discordRefusal(new Error('socket hang up'))).toBeNull();
  });
});
