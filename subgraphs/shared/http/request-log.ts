/**
 * One log line and the metrics per GraphQL request, for the gateway and for a subgraph served alone: the request id
 * (server.ts), the operation name, the duration, and the codes of the errors answered. The lines of one client
 * request across the gateway and its subgraphs share the id.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { graphqlDuration, graphqlRequests, operationLabel } from './metrics.js';
import { REQUEST_ID_HEADER } from './server.js';

export function requestLogPlugin<Context extends BaseContext>(component: string, log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      const requestId = request.http?.headers.get(REQUEST_ID_HEADER) ?? undefined;
      return {
        async willSendResponse({ response, operationName }) {
          const seconds = (performance.now() - started) / 1000;
          const operation = operationLabel(operationName ?? request.operationName);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
          graphqlRequests.inc({ component, operation, outcome: errors.length > 0 ? 'error' : 'ok' });
          graphqlDuration.observe({ component, operation }, seconds);
          const line = { requestId, operation, durationMs: Math.round(seconds * 1000), status: response.http.status ?? 200, ...(codes.length > 0 ? { errors: codes } : {}) };
          if (codes.some((code) => code === 'INTERNAL_SERVER_ERROR' || code.endsWith('_UNAVAILABLE'))) log.warn(line, 'request answered with errors');
          else log.info(line, 'request');
        },
      };
    },
  };
}
