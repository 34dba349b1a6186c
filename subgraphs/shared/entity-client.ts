/**
 * Asking another subgraph about a few entities, the way the gateway does:
 * its `_entities` field with representations (`{ __typename, <key fields> }`).
 * A subgraph that needs another's facts about one entity at a time (permits
 * asking health whether a permit holder's code is GREEN) goes through this
 * instead of reading the other's tables or copying its rules.
 *
 * One-process mode runs the operation against the other subgraph's schema in
 * this process, with a context built for the same viewer; distributed mode
 * POSTs it to the subgraph's URL with the viewer signed and the trace carried
 * (traceparent), abandoned after SUBGRAPH_TIMEOUT_MS. Operations are parsed
 * and validated once.
 */
import { execute, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { authKeys } from './auth/keys.js';
import { VIEWER_HEADER } from './auth/internal-viewer.js';
import type { AuthConfig, SubgraphName } from './config.js';
import { DEFAULT_OPERATIONS } from './http/operations-config.js';
import { inSpan, SpanKind, traceHeaders } from './tracing/tracing.js';
import type { Viewer } from './viewer.js';

/** An entity reference as federation passes it: the type name and its key fields. */
export interface EntityRepresentation {
  __typename: string;
  [keyField: string]: unknown;
}

export interface EntityClient {
  /**
   * Runs `query` (an operation with a `$representations: [_Any!]!` variable selecting `_entities`) on
   * `subgraph` for `viewer`; returns `_entities`, one entry (or null) per representation, in order.
   * Throws when the subgraph cannot be reached or answers with errors.
   */
  fetchEntities<T>(subgraph: SubgraphName, query: string, representations: readonly EntityRepresentation[], viewer: Viewer): Promise<(T | null)[]>;
  /**
   * Runs any operation on `subgraph` for `viewer` (an internal field, hidden from the API with @inaccessible);
   * returns its data. Throws when the subgraph cannot be reached or answers with errors.
   */
  query<T>(subgraph: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<T>;
}

/** What an entity fetch needs of a subgraph in this process (a Subgraph has it; declared here so this file needs nothing of subgraph.ts, which imports it). */
export interface LocalSubgraph {
  name: SubgraphName;
  schema: GraphQLSchema;
  createContext(viewer: Viewer): unknown;
}

export interface EntityClientOptions {
  /** Subgraphs running in this process, by name (looked up at call time, so it may be filled after building). */
  local?: (name: SubgraphName) => LocalSubgraph | undefined;
  /** Subgraph URLs (distributed mode); a URL wins over a local subgraph of the same name. */
  remote?: Partial<Record<SubgraphName, string>>;
  /** Whose internal secret signs the viewer for remote subgraphs. */
  auth: AuthConfig;
  /** A remote fetch slower than this is abandoned (default SUBGRAPH_TIMEOUT_MS's default). */
  timeoutMs?: number;
}

export function createEntityClient(options: EntityClientOptions): EntityClient {
  const documents = new Map<string, DocumentNode>();
  const prepared = (subgraph: LocalSubgraph, query: string): DocumentNode => {
    const key = `${subgraph.name}\n${query}`;
    let document = documents.get(key);
    if (!document) {
      document = parse(query);
      const errors = validate(subgraph.schema, document);
      if (errors.length > 0) throw entityFetchError(subgraph.name, errors);
      documents.set(key, document);
    }
    return document;
  };

  const timeoutMs = options.timeoutMs ?? DEFAULT_OPERATIONS.subgraphTimeoutMs;
  const run = <T>(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<T> =>
    inSpan(`subgraph ${name}`, SpanKind.CLIENT, { subgraph: name }, () => runTraced<T>(name, query, variables, viewer));
  const runTraced = async <T>(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<T> => {
    const url = options.remote?.[name];
    let result: { data?: unknown; errors?: readonly { message: string }[] };
    if (url) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: await (await authKeys(options.auth)).signer.sign(viewer), ...traceHeaders() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok && !response.headers.get('content-type')?.includes('json')) {
        throw new Error(`The ${name} subgraph answered ${response.status} ${response.statusText} to an entity fetch.`);
      }
      result = (await response.json()) as typeof result;
    } else {
      const subgraph = options.local?.(name);
      if (!subgraph) throw new Error(`No route to the ${name} subgraph for an entity fetch: run it in this process or set ${name.toUpperCase()}_URL.`);
      result = (await execute({
        schema: subgraph.schema,
        document: prepared(subgraph, query),
        variableValues: variables,
        contextValue: subgraph.createContext(viewer),
      })) as typeof result;
    }
    if (result.errors?.length) throw entityFetchError(name, result.errors);
    return (result.data ?? {}) as T;
  };

  return {
    async fetchEntities<T>(name: SubgraphName, query: string, representations: readonly EntityRepresentation[], viewer: Viewer) {
      if (representations.length === 0) return [];
      const data = await run<{ _entities?: (T | null)[] }>(name, query, { representations }, viewer);
      const entities = data._entities;
      if (!Array.isArray(entities) || entities.length !== representations.length) {
        throw new Error(`The ${name} subgraph answered an entity fetch without one entry per representation.`);
      }
      return entities;
    },
    query: run,
  };
}

function entityFetchError(name: string, errors: readonly (GraphQLError | { message: string })[]): Error {
  return new Error(`Entity fetch from the ${name} subgraph failed: ${errors.map((e) => e.message).join('; ')}`);
}
