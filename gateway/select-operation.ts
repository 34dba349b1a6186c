/**
 * Clients often send a whole document of operations with an operationName
 * (e.g. the contract file). graphql-js accepts that, but the gateway's query
 * planner validates every fragment of the document against the chosen
 * operation's variables and fails when a fragment belongs to another
 * operation. This plugin hands the gateway only the chosen operation and the
 * fragments it uses; each distinct document is pruned once and remembered.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { parse, print, separateOperations } from 'graphql';

const MAX_CACHED = 500;

export function selectOperationPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  const pruned = new Map<string, string>();
  return {
    async requestDidStart({ request }) {
      const { query, operationName } = request;
      // A single-operation document needs nothing; anything unparseable is left for Apollo to report.
      if (!query || !operationName || !/\b(query|mutation|subscription)\b[\s\S]*\b(query|mutation|subscription)\b/.test(query)) return;
      const key = `${operationName}\n${query}`;
      let selected = pruned.get(key);
      if (selected === undefined) {
        try {
          const operation = separateOperations(parse(query))[operationName];
          selected = operation ? print(operation) : query;
        } catch {
          selected = query;
        }
        if (pruned.size >= MAX_CACHED) pruned.delete(pruned.keys().next().value!);
        pruned.set(key, selected);
      }
      request.query = selected;
    },
  };
}
