import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for client operations, generated from the committed API
 * schema. Clients copy this setup; our own test type-checks the contract's
 * operations with it (tests/schema/codegen.test.ts).
 */
const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: ['tests/contract/*.graphql'],
  generates: {
    'tests/generated/': {
      preset: 'client',
      // Plain result types: our clients read fragments' fields directly.
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', Date: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
  silent: true,
};

export default config;
