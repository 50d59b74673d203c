import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script.ts';

describe('an unhandled rejection or an uncaught exception', () => {
  it.each([
    ['rejection', 'unhandled promise rejection', 'a promise nobody awaited failed'],
    ['exception', 'uncaught exception', 'a timer failed in the middle of a delivery'],
  ])('(%s) is logged as fatal with its error, and the process exits 1', async (kind, msg, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-crash-'));
    const r = await runScript('test/support/crash-entry.ts', [kind], {}, dir);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string; stack: string } });
    const fatal = lines.find((l) => l.level === 60);
    expect(fatal?.msg).toContain(msg);
    expect(fatal?.err?.message).toBe(message);
    expect(fatal?.err?.stack).toContain('crash-entry.ts');
    // It stopped at once rather than running on in an unknown state.
    expect(lines.filter((l) => l.msg === 'still running')).toHaveLength(0);
  });
});
