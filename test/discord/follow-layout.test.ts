import type { APIMessage } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { followLayout } from '../../src/discord/follow-layout.ts';
import { followChoices, followListEmbed } from '../../src/discord/follow-list-layout.ts';
import type { Follow } from '../../src/follows/follow.ts';
import type { FollowNotice } from '../../src/follows/follow-ledger.ts';
import { paper } from '../support/papers.ts';

const notice = (over: Partial<FollowNotice> = {}): FollowNotice => ({
  guildId: '1',
  guildName: 'ML **Reading** Group',
  userId: '42',
  delivery: 'dm',
  papers: [
    { paper: paper('2603.00001', { title: 'Hello @everyone [click](https://evil.example)' }), query: 'a `b` c' },
  ],
  more: 0,
  ...over,
});

describe('follow notifications', () => {
  it('in a DM: names the server in the plain-text footer, pings nobody, keeps titles and queries inert', () => {
    const body = followLayout.render(notice());
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const embed = body.embeds![0]!;
    expect(embed.title).toBe('1 new paper for your follows');
    // Footers are plain text: the name is shown as it is.
    expect(embed.footer?.text).toBe('ML **Reading** Group · Manage your follows with /follow list and /follow remove');
    expect(embed.description).toBe(
      "• [Hello @everyone click(https://evil.example)](https://huggingface.co/papers/2603.00001) · `a 'b' c`",
    );
  });

  it('here: mentions only the member, and counts what is not listed', () => {
    const papers = Array.from({ length: 10 }, (_, i) => ({ paper: paper(`2603.0000${i}`), query: 'x' }));
    const body = followLayout.render(notice({ delivery: 'here', papers, more: 3 }));
    expect(body.content).toBe('<@42> 13 new papers match your follows');
    expect(body.allowed_mentions).toEqual({ parse: [], users: ['42'] });
    const lines = body.embeds![0]!.description!.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('…and 3 more: find them with `/paper search`');
  });

  it('recognises its own message (after Discord forgot the nonce), and no other', () => {
    const n = notice({ delivery: 'here' });
    const sent = { ...followLayout.render(n), embeds: followLayout.render(n).embeds } as unknown as APIMessage;
    expect(followLayout.isRenderingOf(n, sent)).toBe(true);
    expect(followLayout.isRenderingOf({ ...n, userId: '43' }, sent)).toBe(false);
    expect(followLayout.isRenderingOf({ ...n, papers: [{ paper: paper('2603.09999'), query: 'x' }] }, sent)).toBe(
      false,
    );
  });
});

describe('/follow list', () => {
  it('says why a follow is paused and how to resume it', () => {
    const embed = followListEmbed([
      {
        id: 7,
        guildId: '1',
        userId: '42',
        query: 'diffusion',
        delivery: 'dm',
        channelId: '5',
        afterPk: 0,
        pausedReason: 'your DMs are closed',
        createdAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
    expect(embed.title).toBe('Your follows (1 of 25)');
    expect(embed.description).toBe(
      '**7.** `diffusion` · by DM · since <t:1772445600:d>\n⏸ **Paused:** your DMs are closed. To resume: open your ' +
        'DMs to this server and `/follow add` it again, or add it again with `where:here`.',
    );
  });
});

describe('/follow remove suggestions', () => {
  const follow = (id: number, over: Partial<Follow> = {}): Follow => ({
    id,
    guildId: '1',
    userId: '42',
    query: `topic ${id}`,
    delivery: 'here',
    channelId: '5',
    afterPk: 0,
    pausedReason: null,
    createdAt: '2026-03-02T10:00:00.000Z',
    ...over,
  });

  it("names another member's follows after their channel for a moderator, within Discord's 25 choices of 100", () => {
    const follows = [
      follow(1, { pausedReason: 'the bot can no longer post in the channel' }),
      follow(2, { channelId: '6', query: 'x'.repeat(200) }),
      ...Array.from({ length: 30 }, (_, i) => follow(3 + i)),
    ];
    const choices = followChoices(follows, (id) => (id === '5' ? 'papers' : null));
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: '⏸ #papers · topic 1', value: '1' });
    expect(choices[1]!.name).toHaveLength(100);
    expect(choices[1]!.name.startsWith('#deleted-channel · xxx')).toBe(true);
    // A member's own, without the channel.
    expect(followChoices([follow(3)])).toEqual([{ name: 'topic 3', value: '3' }]);
  });
});
