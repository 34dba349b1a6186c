import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // vitest would load graphql's .mjs while Apollo loads its CJS build: two graphql realms. Use one.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    // Each test file gets its own database (a PGlite clone or a PostgreSQL database from a template).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
