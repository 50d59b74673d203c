import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// One process, as `npm start` runs it (`node --import tsx`): the tsx CLI would put a wrapper process in
// front, and a signal such as SIGKILL would then reach the wrapper and not the bot.
const TSX_LOADER = import.meta.resolve('tsx');

/** Arguments for `process.execPath` that run a TypeScript entry point of the project. */
export const nodeArgs = (script: string, args: string[] = []) => ['--import', TSX_LOADER, `${ROOT}${script}`, ...args];

/**
 * The environment a child process of a test starts with: `env`, a PATH and HOME, and whatever moves this
 * process's clock (libfaketime's preload and settings, as `.ci/run` uses). A child bot reads the system clock,
 * so it must read the same one as the test that set up its "today".
 */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const clock = Object.entries(process.env).filter(
    (e): e is [string, string] => e[1] !== undefined && (e[0] === 'LD_PRELOAD' || e[0].startsWith('FAKETIME')),
  );
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...Object.fromEntries(clock), ...env };
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's entry points (`src/main.ts`, `src/cli/bin.ts`) as a user would, in `cwd`
 * (a temp folder, so a developer's own .env is never read), with exactly the environment given.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs(script, args), {
      cwd,
      env: childEnv(env),
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
