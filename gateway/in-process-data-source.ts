/**
 * Runs the gateway's subgraph fetches inside this process: no HTTP hop, no
 * serialization. Each distinct subgraph operation is parsed and validated once
 * and cached (the planner sends the same few operations over and over), which
 * is where most of an in-process gateway's CPU would otherwise go. Identical
 * queries running at the same moment run once (in-flight.ts).
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { execute, parse, validate, type DocumentNode, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import { maskUnexpectedError, type ErrorLogger } from '../subgraphs/shared/errors.js';
import { componentLogger, errorLoggerOf } from '../subgraphs/shared/http/logger.js';
import type { Subgraph } from '../subgraphs/shared/subgraph.js';
import type { GatewayContext } from './context.js';
import { InFlightFetches } from './in-flight.js';
import { inSpan, SpanKind } from '../subgraphs/shared/tracing/tracing.js';

const MAX_CACHED_DOCUMENTS = 1000;

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly documents = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>();
  private readonly inFlight = new InFlightFetches<GatewayResponse>();

  private readonly errorLog: ErrorLogger;

  constructor(private readonly subgraph: Subgraph) {
    this.errorLog = errorLoggerOf(componentLogger(subgraph.name));
  }

  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    const { name } = this.subgraph;
    return inSpan(`subgraph ${name}`, SpanKind.CLIENT, { subgraph: name }, () =>
      options.context.deadline.race(name, () => this.inFlight.run(name, options.context.viewer, options.request, () => this.execute(options))),
    );
  }

  private async execute({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    const prepared = this.prepare(request.query!);
    // The gateway validated the operation against the API schema; what the subgraph still rejects is a
    // literal its scalars refuse (e.g. a malformed DateTime): the client's mistake.
    if ('errors' in prepared) return { errors: prepared.errors.map((e) => ({ ...e.toJSON(), extensions: { code: 'BAD_USER_INPUT' } })) };
    const result = await execute({
      schema: this.subgraph.schema,
      document: prepared.document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context.subgraphContext(this.subgraph),
    });
    // No `data` at all means the variables did not coerce (e.g. a malformed DateTime): the client's
    // mistake, reported as Apollo Server reports it when the subgraph is served over HTTP.
    const variablesRejected = !('data' in result);
    return {
      data: result.data,
      errors: result.errors?.map((error): GraphQLFormattedError => {
        const formatted = error.toJSON();
        return variablesRejected ? { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } } : maskUnexpectedError(formatted, error, this.errorLog);
      }),
    };
  }

  private prepare(query: string) {
    let prepared = this.documents.get(query);
    if (!prepared) {
      try {
        const document = parse(query);
        const errors = validate(this.subgraph.schema, document);
        prepared = errors.length > 0 ? { errors } : { document };
      } catch (error) {
        prepared = { errors: [error as GraphQLError] };
      }
      // Bounded: evict the oldest entry (Map keeps insertion order).
      if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, prepared);
    }
    return prepared;
  }
}
