import { statSync } from 'node:fs';
import type { ToolContext } from './tool-context.ts';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function runStats(ctx: ToolContext): number {
  const path = ctx.config.DATABASE_PATH;
  const bytes = fileSize(path) + fileSize(`${path}-wal`);
  const { days, first, last } = ctx.papers.coverage();
  ctx.out(`Papers stored: ${ctx.papers.count()}`);
  ctx.out(`Days covered:  ${days}${first ? ` (${first} to ${last})` : ''}`);
  ctx.out(`Database:      ${path} (${(bytes / 1024 / 1024).toFixed(2)} MiB)`);
  return 0;
}
