/**
 * The span of one GraphQL request a process answers (the gateway, or a subgraph served alone): `<component>
 * <operation>`, continuing the trace of the caller's `traceparent` (the gateway's subgraph fetch), so a subgraph's
 * execution and its SQL hang under the fetch that asked for it. The operation is the request's operationName, or
 * the name of the document's first operation.
 */
import type { IncomingMessage } from 'node:http';
import { operationLabel } from '../http/metrics.js';
import { contextOfHeaders, inSpan, SpanKind } from './tracing.js';

export function inRequestSpan<T>(component: string, request: IncomingMessage, body: unknown, query: unknown, work: () => Promise<T>): Promise<T> {
  const given = body && typeof body === 'object' && 'operationName' in body ? (body as { operationName: unknown }).operationName : undefined;
  const named = typeof given === 'string' ? given : typeof query === 'string' ? /\b(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(query)?.[1] : undefined;
  const operation = operationLabel(named);
  return inSpan(`${component} ${operation}`, SpanKind.SERVER, { component, 'graphql.operation.name': operation }, work, contextOfHeaders(request.headers));
}
