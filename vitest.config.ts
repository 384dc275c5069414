import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts', 'chaos/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Password hashing (argon2id, 19 MiB) dominates test time; a few forks keep it within the 2 cores.
    pool: 'forks',
  },
});
