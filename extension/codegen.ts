/**
 * GraphQL Code Generator: typed documents for the operations in src/api/operations/*.graphql,
 * checked against the API's committed contract (../api/schema.graphql). Runs offline.
 *
 * `pnpm codegen` writes src/api/generated/graphql.ts (not committed); `prepare:wxt`, `build` and
 * `postinstall` run it first. Documents are plain strings (`documentMode: 'string'`): the client
 * posts them with fetch, so no GraphQL AST ships in the bundle.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: 'src/api/operations/*.graphql',
  ignoreNoDocuments: false,
  errorsOnly: true,
  generates: {
    'src/api/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { ID: 'string', Date: 'string', DateTime: 'string', Long: 'number' },
      },
    },
  },
};

export default config;
