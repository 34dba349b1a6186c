/**
 * Requests whose shape cannot be run get 400 BAD_REQUEST with a message that
 * says what to send, instead of surfacing from the executor as a 500: a
 * document of several operations without operationName, an operationName the
 * document does not have, and subscriptions (not served over HTTP).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

export function requestShapePlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
            throw badRequest(
              request.operationName
                ? `The document has no operation named "${request.operationName}" (it has: ${names.join(', ')}).`
                : `The document has ${names.length} operations (${names.join(', ')}): send operationName to say which to run.`,
            );
          }
          if (operation.operation === 'subscription') throw badRequest('Subscriptions are not served over HTTP; poll with a query instead.');
        },
      };
    },
  };
}
