import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import { encodeCustomId } from '../discord/custom-id.ts';
import { fitEmbeds } from '../discord/fit-embeds.ts';
import { LIMITS } from '../discord/limits.ts';
import { truncate } from '../format/text.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import { escapeLinkMarkdown } from './safe-links.ts';
import type { Loosening, SearchRequest, SearchResult } from '../search/types.ts';

export interface SearchReply {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

// A phrase term arrives with its own quotes; shown inside our quotes they would double up.
const quoted = (term: string) => `"${truncate(term.replace(/^"+|"+$/g, ''), 40)}"`;

function describeLoosening(l: Loosening): string {
  switch (l.kind) {
    case 'drop-term':
      return `leave out ${quoted(l.term)}`;
    case 'drop-author':
      return `leave out the author ${quoted(l.term)}`;
    case 'drop-dates':
      return 'widen or drop `from`/`to`';
    case 'drop-exclusions':
      return 'drop the `-excluded` words';
  }
}

/** Text for a search that found nothing, or could not run, with what to change. */
export function searchProblem(result: SearchResult): string {
  if (result.status === 'empty-query')
    return 'There is nothing to search for: add a word that is not excluded, for example `diffusion -survey`.';
  if (result.status === 'invalid')
    return `That search cannot run: ${truncate(result.message ?? 'invalid', 200)}. Dates are written YYYY-MM-DD.`;
  const tips = result.suggestions.map(describeLoosening);
  const tip = tips.length
    ? ` Try to ${tips.slice(0, 3).join(', or ')}.`
    : ' Try fewer or other words; the last word also matches as a prefix.';
  return `No stored paper matches.${tip}`;
}

/** A page of results: one embed of numbered papers, Prev/Next for the searcher, and a menu to open one. */
export function renderSearchPage(
  request: SearchRequest,
  result: SearchResult,
  token: string,
  votes: (id: string) => number,
): SearchReply {
  const pages = Math.max(1, Math.ceil((result.total ?? result.results.length) / result.pageSize));
  const first = (result.page - 1) * result.pageSize;
  const lines = result.results.map((hit, i) => {
    const date = hit.publishedAt ? hit.publishedAt.slice(0, 10) : 'undated';
    const line = hit.snippet ? `\n${truncate(escapeLinkMarkdown(oneLine(hit.snippet)), 160)}` : '';
    const title = truncate(oneLine(hit.title), 150).replace(/[[\]]/g, '');
    return (
      `**${first + i + 1}.** [${title}](${arxivLinks(hit.id).hf}) · ${date} · ▲ ${hit.hfUpvotes} HF · ` +
      `${votes(hit.id)} here${line}`
    );
  });
  const total = result.total === undefined ? '' : `${result.totalIsEstimate ? '≈' : ''}${result.total} result(s)`;
  const embed: APIEmbed = {
    color: 0xffd21e,
    title: truncate(`Search: ${oneLine(request.query)}`, LIMITS.embedTitle),
    description: truncate(lines.join('\n\n') || 'No results on this page.', LIMITS.embedDescription),
    footer: {
      text: [`Page ${result.page} of ${pages}`, total, `sorted by ${request.sort ?? 'relevance'}`]
        .filter(Boolean)
        .join(' · '),
    },
  };
  const components: SearchReply['components'] = [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: '◀ Prev',
          custom_id: encodeCustomId('paper', 'page', token, result.page - 1),
          disabled: result.page <= 1,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Next ▶',
          custom_id: encodeCustomId('paper', 'page', token, result.page + 1),
          disabled: result.page >= pages,
        },
      ],
    },
  ];
  if (result.results.length > 0) {
    components.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: encodeCustomId('paper', 'open'),
          placeholder: 'Open a paper…',
          options: result.results.slice(0, LIMITS.selectOptions).map((hit, i) => ({
            label: truncate(`${first + i + 1}. ${oneLine(hit.title)}`, LIMITS.selectLabel),
            value: hit.id,
          })),
        },
      ],
    });
  }
  return { embeds: fitEmbeds([embed]), components };
}
