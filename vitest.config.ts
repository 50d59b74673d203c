import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Several tests start the bot or the CLI as child processes (node and tsx each time); on a loaded 2-core
    // machine one such start can take seconds, so a test gets a minute before it counts as hung.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file gets its own process: tests open sockets and SQLite files, and must not share state.
    pool: 'forks',
    // Most files wait on sockets, timers and child processes rather than compute, so three workers on this
    // 2-core machine finish the suite in about half the time of the default (cores - 1 = one worker). CI runs
    // the full kill -9 sweep (three bots at a time), so it keeps one worker fewer.
    maxWorkers: process.env.CI ? 2 : 3,
  },
});
