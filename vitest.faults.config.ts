import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the service as child processes on the local PostgreSQL server, killed,
 * cut off from its database, run three at once, backed up and restored. Not part of `npm test`
 * (it needs the server and takes a few minutes); `.ci/run` runs it after `npm test`. Files run
 * one after another: each starts real services and they share two cores.
 */
export default defineConfig({
  test: {
    name: 'faults',
    include: ['test/faults/**/*.faults.ts'],
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 120_000,
  },
});
