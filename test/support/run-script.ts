import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's entry points (`src/main.ts`, `src/cli/bin.ts`) as a user would, in `cwd`
 * (a temp folder, so a developer's own .env is never read), with exactly the environment given.
 */
export function runScript(script: string, args: string[], env: Record<string, string>, cwd: string): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [`${ROOT}${script}`, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
