import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { Post } from '../delivery/delivery-store.ts';
import { digestRows, paperRows } from '../delivery/render-post.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { VoteStore } from './vote-store.ts';

/** The buttons of a paper post or digest with the server's current counts. Null for posts without votes. */
export function voteComponents(
  post: Post,
  ctx: { papers: PaperStore; votes: VoteStore },
  known?: { paperId: string; count: number },
): APIActionRowComponent<APIComponentInMessageActionRow>[] | null {
  const papers = post.paperIds.map((id) => ctx.papers.get(id)).filter((p): p is Paper => p !== null);
  if (papers.length === 0) return null;
  // A single-paper post after a toggle already knows its count: no need to count again.
  const counts =
    known && post.kind === 'paper' && known.paperId === post.paperIds[0]
      ? new Map([[known.paperId, known.count]])
      : ctx.votes.counts(post.guildId, post.paperIds);
  const count = (id: string) => counts.get(id) ?? 0;
  if (post.kind === 'digest') return digestRows(papers, count);
  if (post.kind === 'paper' && papers[0]) return paperRows(papers[0], count(papers[0].id));
  return null;
}
