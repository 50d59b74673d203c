import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { inviteUrl } from '../../src/discord/invite.ts';

describe('inviteUrl', () => {
  it('asks for the bot and command scopes and every permission the bot uses, the reading club included', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const granted = new PermissionsBitField(BigInt(url.searchParams.get('permissions')!));
    expect(granted.toArray().sort()).toEqual(
      [
        'ViewChannel',
        'SendMessages',
        'EmbedLinks',
        'ReadMessageHistory',
        'CreatePublicThreads',
        'SendMessagesInThreads',
        'CreateEvents',
        'SendPolls',
      ].sort(),
    );
    expect(granted.has(PermissionFlagsBits.Administrator)).toBe(false);
  });
});
