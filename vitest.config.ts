import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build for Apollo and Pothos; source under test must share it, or
// `instanceof GraphQLError` checks disagree between the two copies. Resolved from the API package,
// whose dependency it is: the workspace root has none of its own (and the bench's PostGraphile
// brings an older graphql that pnpm may hoist there).
const graphqlEntry = createRequire(new URL('./api/package.json', import.meta.url)).resolve('graphql');

// Database-backed suites run once on PGlite and, when TEST_DATABASE_URL is set, once more on PostgreSQL.
const databaseSuites = [
  'api/test/graphql/**/*.test.ts',
  'prisma/test/**/*.test.ts',
  'test/integration/**/*.test.ts',
  'test/example-client/**/*.test.ts',
];
const postgresUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'api/test/*.test.ts',
            'api/test/domain/**/*.test.ts',
            'api/test/limits/**/*.test.ts',
            'prisma/test/unit/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: databaseSuites,
          exclude: ['prisma/test/unit/**'],
          environment: 'node',
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: databaseSuites,
                exclude: ['prisma/test/unit/**'],
                environment: 'node' as const,
                env: { TEST_DB: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts', 'test/e2e/support/build-extension.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      'extension/vitest.config.ts',
    ],
  },
});
