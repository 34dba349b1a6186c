/**
 * What a role may ask for, checked on the document before anything runs: each
 * root field of the operation against the role table (subgraphs/shared/auth/
 * roles.ts). Region scope is the subgraphs' job (their query helpers); this is
 * the coarse "may this role read X or run mutation Y at all".
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { refusalOf } from '../subgraphs/shared/auth/roles.js';
import type { GatewayContext } from './context.js';

export function roleCheckPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation) return;
          const kind = operation.operation;
          if (kind === 'subscription') return; // refused with the request-shape errors
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          for (const field of rootFields(operation.selectionSet, fragments)) {
            const refusal = refusalOf(contextValue.viewer.role, kind, field);
            if (refusal) throw new GraphQLError(refusal, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          }
        },
      };
    },
  };
}

/** The root field names, through fragments and inline fragments at the root. */
function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) for (const name of rootFields(selection.selectionSet, fragments, seen)) names.add(name);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) for (const name of rootFields(fragment.selectionSet, fragments, seen)) names.add(name);
    }
  }
  return names;
}
