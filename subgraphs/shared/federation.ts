/**
 * Builds a Federation 2 subgraph schema from type-graphql classes: type-graphql
 * builds the schema, it is printed with its directives (graphql's printSchema
 * drops @key), the Federation @link is prepended and @apollo/subgraph builds
 * the final schema with type-graphql's resolvers plus reference resolvers.
 */
import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResolverMap = Record<string, Record<string, any>>;

export interface FederatedSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Types not reachable from resolvers, e.g. entity stubs owned by another subgraph. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` (and any other hand-written resolvers) by type name. */
  referenceResolvers?: ResolverMap;
}

export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const resolvers = createResolversMap(schema) as ResolverMap;
  for (const [typeName, fields] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], ...fields };
  }
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolvers: resolvers as any,
  });
}
