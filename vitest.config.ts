import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file gets its own process: tests open sockets and SQLite files, and must not share state.
    pool: 'forks',
  },
});
