// Environment variables for abstractive summaries, as a shape to spread into the env schema:
//
//   const botSchema = z.object({ ...baseShape, ...summaryEnvShape, DISCORD_TOKEN: ... }).superRefine(refineSummaryEnv);
//
// All optional: without SUMMARY_API_URL, summaries are Hugging Face's or extractive.
import { z } from 'zod';
import { optional, timeoutMs } from './optional.ts';

export const DEFAULT_SUMMARY_TIMEOUT_MS = 20_000;

export const summaryEnvShape = {
  SUMMARY_API_URL: optional(
    z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL, the API base such as http://localhost:11434/v1' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  SUMMARY_API_KEY: optional(z.string().trim().optional()),
  SUMMARY_MODEL: optional(z.string().trim().min(1).optional()),
  SUMMARY_TIMEOUT_MS: timeoutMs(DEFAULT_SUMMARY_TIMEOUT_MS),
};

export interface SummaryEnv {
  SUMMARY_API_URL?: string | undefined;
  SUMMARY_API_KEY?: string | undefined;
  SUMMARY_MODEL?: string | undefined;
  SUMMARY_TIMEOUT_MS: number;
}

/** SUMMARY_MODEL is required once SUMMARY_API_URL is set. Attach with `.superRefine(refineSummaryEnv)`. */
export function refineSummaryEnv(
  env: Pick<SummaryEnv, 'SUMMARY_API_URL' | 'SUMMARY_MODEL'>,
  ctx: z.RefinementCtx,
): void {
  if (env.SUMMARY_API_URL && !env.SUMMARY_MODEL) {
    ctx.addIssue({
      code: 'custom',
      path: ['SUMMARY_MODEL'],
      message: 'required when SUMMARY_API_URL is set: the model name, such as llama3.1:8b',
    });
  }
}

/** The summary variables alone, refinement included (for tests, and as the pattern for env.ts). */
export const summaryEnvSchema = z.object(summaryEnvShape).superRefine(refineSummaryEnv);
