import type { SummaryEnv } from '../config/summary-env.ts';
import { createChatSummarizer, type ChatSummarizer } from './llm-client.ts';

/** The configured summarizer, or null when SUMMARY_API_URL is unset. */
export function chatSummarizerFromEnv(env: SummaryEnv, fetchImpl?: typeof fetch): ChatSummarizer | null {
  if (!env.SUMMARY_API_URL || !env.SUMMARY_MODEL) return null;
  return createChatSummarizer({
    apiUrl: env.SUMMARY_API_URL,
    apiKey: env.SUMMARY_API_KEY || undefined,
    model: env.SUMMARY_MODEL,
    timeoutMs: env.SUMMARY_TIMEOUT_MS,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
