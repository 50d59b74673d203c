import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { refineSummaryEnv, summaryEnvSchema, summaryEnvShape } from '../../src/config/summary-env.ts';
import { chatSummarizerFromEnv } from '../../src/summaries/summary-config.ts';

const KEY = 'sk-TESTkeyDoNotLeak-0123456789abcdef';

function problems(env: Record<string, string | undefined>): string[] {
  const r = summaryEnvSchema.safeParse(env);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
}

describe('summary environment', () => {
  it('is all optional, with a 20 s timeout by default; blank counts as unset', () => {
    expect(summaryEnvSchema.parse({})).toEqual({ SUMMARY_TIMEOUT_MS: 20_000 });
    expect(
      summaryEnvSchema.parse({ SUMMARY_API_URL: ' ', SUMMARY_API_KEY: '', SUMMARY_MODEL: '', SUMMARY_TIMEOUT_MS: '' }),
    ).toEqual({
      SUMMARY_TIMEOUT_MS: 20_000,
    });
  });

  it('reads a full configuration, stripping trailing slashes', () => {
    expect(
      summaryEnvSchema.parse({
        SUMMARY_API_URL: 'http://localhost:11434/v1/',
        SUMMARY_API_KEY: KEY,
        SUMMARY_MODEL: 'llama3.1:8b',
        SUMMARY_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      SUMMARY_API_URL: 'http://localhost:11434/v1',
      SUMMARY_API_KEY: KEY,
      SUMMARY_MODEL: 'llama3.1:8b',
      SUMMARY_TIMEOUT_MS: 5000,
    });
  });

  it('requires SUMMARY_MODEL once SUMMARY_API_URL is set', () => {
    expect(problems({ SUMMARY_API_URL: 'http://localhost:11434/v1' })).toEqual([
      'SUMMARY_MODEL: required when SUMMARY_API_URL is set: the model name, such as llama3.1:8b',
    ]);
    // A model alone is harmless: no URL, no summarizer.
    expect(summaryEnvSchema.parse({ SUMMARY_MODEL: 'm' }).SUMMARY_MODEL).toBe('m');
  });

  it('rejects bad values naming the variable, never echoing them', () => {
    const p = problems({ SUMMARY_API_URL: `ftp://${KEY}@host`, SUMMARY_MODEL: 'm', SUMMARY_TIMEOUT_MS: 'soon' });
    expect(p.map((l) => l.split(':')[0])).toEqual(['SUMMARY_API_URL', 'SUMMARY_TIMEOUT_MS']);
    expect(p.join('\n')).not.toContain(KEY);
    expect(problems({ SUMMARY_TIMEOUT_MS: '2.5' })[0]).toMatch(/^SUMMARY_TIMEOUT_MS: expected a whole number/);
    expect(problems({ SUMMARY_TIMEOUT_MS: '10' })[0]).toMatch(/^SUMMARY_TIMEOUT_MS: expected at least 1000/);
  });

  it('spreads into a larger schema, with the refinement attached to it', () => {
    const schema = z.object({ OTHER: z.string(), ...summaryEnvShape }).superRefine(refineSummaryEnv);
    expect(schema.parse({ OTHER: 'x' })).toEqual({ OTHER: 'x', SUMMARY_TIMEOUT_MS: 20_000 });
    expect(schema.safeParse({ OTHER: 'x', SUMMARY_API_URL: 'https://api.example.com/v1' }).success).toBe(false);
  });

  it('builds a summarizer only when an endpoint is configured', () => {
    expect(chatSummarizerFromEnv(summaryEnvSchema.parse({}))).toBeNull();
    const s = chatSummarizerFromEnv(
      summaryEnvSchema.parse({ SUMMARY_API_URL: 'http://localhost:11434/v1', SUMMARY_MODEL: 'qwen3:4b' }),
    );
    expect(s?.model).toBe('qwen3:4b');
  });
});
