/**
 * Relay cursor pagination: page-size validation, opaque cursors and the
 * connection types every list that can grow uses.
 */
import { Field, Int, ObjectType, Directive, type ClassType } from 'type-graphql';
import { badUserInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

/** Validates `first` (default 20, at most 500). */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput('first', `first must be between 0 and ${MAX_PAGE_SIZE} (got ${first}); page with \`after\` for more.`);
  }
  return first;
}

/** An opaque cursor: the sort key of the row it points at. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by encodeCursor, checking it has the expected shape. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string | null | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const fits = (part: unknown, i: number) => typeof part === shape[i] && (typeof part !== 'number' || Number.isSafeInteger(part));
    if (Array.isArray(key) && key.length === shape.length && key.every(fits)) {
      return key as { [K in keyof T]: T[K] extends 'string' ? string : number };
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput('after', 'after is not a cursor this list produced; use a pageInfo.endCursor or edges.cursor value.');
}

@Directive('@shareable')
@ObjectType({ description: 'Where a page stands in its list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  totalCount: number;
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Builds the Relay connection and edge types of a node type. */
export function connectionTypes<T extends object>(nodeType: ClassType<T>, name: string, described: string) {
  @ObjectType(`${name}Edge`, { description: `One ${described} and its cursor.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque cursor of this item; pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${described}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${described}s.` })
  class ConnectionType {
    @Field(() => Int, { description: 'How many items the whole list holds, across all pages.' })
    totalCount!: number;

    @Field(() => [EdgeType], { description: 'The items of this page, in list order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Where this page stands in the list.' })
    pageInfo!: PageInfo;
  }
  return { EdgeType, ConnectionType };
}

/**
 * Turns rows fetched with limit `first + 1` into a connection: the extra row
 * only tells whether another page follows.
 */
export function toConnection<Row, Node>(
  rows: Row[],
  first: number,
  totalCount: number,
  cursorOf: (row: Row) => string,
  toNode: (row: Row) => Node,
): Connection<Node> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: cursorOf(row), node: toNode(row) }));
  return {
    totalCount,
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
