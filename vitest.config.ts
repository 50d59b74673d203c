import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file gets its own process: tests open sockets and SQLite files, and must not share state.
    pool: 'forks',
    // Most files wait on sockets, timers and child processes rather than compute, so three workers on this
    // 2-core machine finish the suite in about half the time of the default (cores - 1 = one worker).
    maxWorkers: 3,
  },
});
