import { defineConfig } from 'vitest/config';

/**
 * The same suite runs against embedded PGlite and, when TEST_DATABASE_URL is set, a PostgreSQL
 * server. Browser tests run once, against the real server process.
 */
const serverUrl = process.env.TEST_DATABASE_URL;
const unitAndApi = {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  exclude: ['test/browser/**', 'node_modules/**'],
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...unitAndApi, name: 'pglite', env: { TEST_DB: 'pglite' } } },
      ...(serverUrl
        ? [
            {
              test: {
                ...unitAndApi,
                name: 'postgres',
                env: { TEST_DB: 'postgres', TEST_DATABASE_URL: serverUrl },
              },
            },
          ]
        : []),
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
