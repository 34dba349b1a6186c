/**
 * Limits checked on the document before any resolver runs, for every caller:
 * depth, aliases, tokens and directives (graphql-armor) and cost (cost.ts);
 * the query text's length is checked by the HTTP front. Over a limit: HTTP 400, nothing executed, and a
 * message naming the limit and its value. Field suggestions ("Did you mean
 * …") are blocked unless fieldSuggestions is on (NODE_ENV=development).
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestLimits } from '../../subgraphs/shared/config.js';
import { costLimitPlugin } from './cost.js';

export function requestLimits<Context extends BaseContext>(limits: RequestLimits, options: { fieldSuggestions: boolean }) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true, allowList: [] },
    // graphql-js's own parse option (parseOptions below) refuses with a 400; armor's plugin answers 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    // Replaced by costLimitPlugin, which multiplies by `first`.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !options.fieldSuggestions },
  });
  const protection = armor.protect();
  return {
    plugins: [...(protection.plugins as ApolloServerPlugin<Context>[]), costLimitPlugin<Context>(limits.maxCost)],
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
