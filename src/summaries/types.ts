/** How much a reader asked for: a few sentences, or a paragraph or two. */
export type SummaryLength = 'short' | 'detailed';

/** Where a summary's text came from. */
export type SummarySource = 'huggingface' | 'model' | 'extractive';
