import { describe, expect, it } from 'vitest';
import { neutraliseMentions } from '../../src/summaries/mention-safe.ts';

describe('mention neutralising', () => {
  it('breaks @everyone, @here, user, nickname and role mentions', () => {
    const out = neutraliseMentions(
      'Hi @everyone and @here, ping <@123456789012345678>, <@!123456789012345678> and <@&987654321098765432>.',
    );
    expect(out).not.toMatch(/@everyone|@here|<@\d|<@!|<@&/);
    expect(out).toBe(
      'Hi @\u200beveryone and @\u200bhere, ping <@\u200b123456789012345678>, ' +
        '<@\u200b!123456789012345678> and <@\u200b&987654321098765432>.',
    );
    expect(neutraliseMentions('@EVERYONE')).toBe('@\u200bEVERYONE');
  });

  it('leaves other text alone and is idempotent', () => {
    expect(neutraliseMentions('Mail a@b.org; x < y; <#123456789012345678>')).toBe(
      'Mail a@b.org; x < y; <#123456789012345678>',
    );
    const once = neutraliseMentions('@everyone <@1>');
    expect(neutraliseMentions(once)).toBe(once);
  });
});
