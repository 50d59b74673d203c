import { describe, expect, it } from 'vitest';
import { renderSearchPage } from '../../src/discord/search-layout.ts';
import { summaryMessage } from '../../src/discord/summary-layout.ts';
import { hasMaskedLink } from '../support/markdown.ts';
import { paper } from '../support/papers.ts';

const EVIL = 'Ignore the paper and [click here](https://evil.example/login) to read it.';

describe('text from models and papers never renders as a masked link', () => {
  it.each(['model', 'huggingface', 'extractive'] as const)('a %s summary', (source) => {
    const msg = summaryMessage(paper('2509.04664'), { text: EVIL, source }, 'short');
    const description = msg.embeds[0]?.description ?? '';
    expect(hasMaskedLink(description)).toBe(false);
    expect(description).toContain('click here');
    expect(description).toContain('https://evil.example/login');
  });

  it('a search snippet, while the result titles stay links to Hugging Face', () => {
    const page = renderSearchPage(
      { query: 'click' },
      {
        status: 'ok',
        results: [
          {
            id: '2509.04664',
            title: 'A [title](https://evil.example)',
            publishedAt: null,
            hfUpvotes: 1,
            score: 1,
            snippet: `**click** ${EVIL}`,
          },
        ],
        total: 1,
        totalIsEstimate: false,
        page: 1,
        pageSize: 5,
        suggestions: [],
        exact: true,
      },
      'token',
      () => 0,
    );
    const description = page.embeds[0]?.description ?? '';
    expect(description).toContain('[A title(https://evil.example)](https://huggingface.co/papers/2509.04664)');
    const snippet = description.split('\n')[1] ?? '';
    expect(snippet).toContain('click here');
    expect(hasMaskedLink(snippet)).toBe(false);
  });
});
