/**
 * The cost limit: every field costs 1, multiplied by the page size of each
 * list it sits inside. A list's page size is its `first` argument (a literal
 * or a variable, else the argument's default), a daily curve's number of days
 * (`from`..`to`), or ASSUMED_LIST_SIZE for other lists without paging (a
 * region's children, a household's members); a paged
 * field's own `edges` list is not counted twice. Computed with
 * the request's variables, so `residents(first: $n)` costs what $n asks for;
 * graphql-armor's own cost rule ignores `first`, hence this one.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from '../../subgraphs/shared/pagination.js';
import { MAX_DAILY_DAYS } from '../../subgraphs/shared/snapshot/region-day.js';
import { daysFromTo } from '../../subgraphs/shared/time.js';

/** Unpaged lists are short in this domain (11 towns, a household's members, a case's timeline). */
const ASSUMED_LIST_SIZE = 20;

export function costLimitPlugin<Context extends BaseContext>(maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          if (!root) return;
          const cost = selectionCost({ schema, fragments, variables: request.variables ?? {}, maxCost }, root, operation.selectionSet, new Set(), false);
          if (cost > maxCost) {
            throw new GraphQLError(`The operation's cost limit is ${maxCost}; this one costs at least ${cost} (each field 1, times the page size of every list it is in). Ask for smaller pages or fewer fields.`, {
              extensions: { code: 'BAD_REQUEST', limit: 'maxCost', value: maxCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

interface CostContext {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  maxCost: number;
}

/** `paged`: this selection set belongs to a field with `first`, whose page size already counted its lists (`edges`). */
function selectionCost(ctx: CostContext, parent: GraphQLNamedType, selectionSet: SelectionSetNode, visiting: Set<string>, paged: boolean): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = fieldOf(parent, selection.name.value);
      if (!field) continue; // __typename, or unknown (validation reports it)
      total += 1;
      if (selection.selectionSet) {
        const hasFirst = field.args.some((arg) => arg.name === 'first');
        const size = paged && !hasFirst ? 1 : pageSize(ctx, field, selection.arguments ?? []);
        total += size * selectionCost(ctx, getNamedType(field.type), selection.selectionSet, visiting, hasFirst);
      }
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : ctx.fragments.get(selection.name.value);
      if (!fragment) continue;
      const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
      if (name && visiting.has(name)) continue; // a cycle is a validation error of its own
      if (name) visiting.add(name);
      const type = fragment.typeCondition ? (ctx.schema.getType(fragment.typeCondition.name.value) ?? parent) : parent;
      total += selectionCost(ctx, type, fragment.selectionSet, visiting, paged);
      if (name) visiting.delete(name);
    }
    if (total > ctx.maxCost) return total; // enough to refuse: stop early on a huge document
  }
  return total;
}

function fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** How many elements the field's value may hold: 1 for an object, the page size for a list or connection. */
function pageSize(ctx: CostContext, field: GraphQLField<unknown, unknown>, args: readonly import('graphql').ArgumentNode[]): number {
  const firstArg = field.args.find((arg) => arg.name === 'first');
  if (firstArg) {
    const node = args.find((arg) => arg.name.value === 'first');
    const value = node ? valueFromAST(node.value, firstArg.type, ctx.variables) : firstArg.defaultValue;
    // A `first` over the largest page is the subgraph's to refuse, naming the argument: count it as the largest page.
    return typeof value === 'number' && value > 0 ? Math.min(value, MAX_PAGE_SIZE) : 1;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  return dayCount(ctx, field, args) ?? ASSUMED_LIST_SIZE;
}

/** A list with `from` and `to` dates has one element per day (a range the field refuses counts as its longest). */
function dayCount(ctx: CostContext, field: GraphQLField<unknown, unknown>, args: readonly import('graphql').ArgumentNode[]): number | null {
  const [from, to] = ['from', 'to'].map((name) => {
    const arg = field.args.find((candidate) => candidate.name === name);
    const node = args.find((candidate) => candidate.name.value === name);
    return arg && node && getNamedType(arg.type).name === 'Date' ? valueFromAST(node.value, arg.type, ctx.variables) : undefined;
  });
  if (from === undefined || to === undefined) return null;
  // The Date scalar parses to a Date at midnight UTC; a variable may still be its YYYY-MM-DD text.
  const date = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'string' ? value : null);
  const [first, last] = [date(from), date(to)];
  const days = first !== null && last !== null ? daysFromTo(first, last) : NaN;
  return Number.isFinite(days) && days > 0 ? Math.min(days, MAX_DAILY_DAYS) : MAX_DAILY_DAYS;
}
