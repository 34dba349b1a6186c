/**
 * Expected failures: a GraphQL error with a stable `extensions.code` and a
 * message a person can act on. Anything else thrown is unexpected: it is logged
 * in full and masked before it reaches a client (see maskUnexpectedError).
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isConnectionFailure } from './db/errors.js';

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UNAUTHENTICATED';
const EXPECTED_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
  // graphql-js and Apollo's own request errors are about the client's request, not our bugs.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // A part of the request that did not finish by its deadline (gateway/deadline.ts).
  'TIMEOUT',
  // A subgraph the gateway could not reach in time: the rest of the answer is there (gateway/remote-data-source.ts).
  'SUBGRAPH_UNAVAILABLE',
  // The database could not be reached: nothing is wrong with the request, it may be sent again (serviceUnavailable).
  'SERVICE_UNAVAILABLE',
]);

function expected(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Input that can never succeed as sent; `field` names the offending input field (dotted path). */
export const badUserInput = (field: string, message: string) => expected('BAD_USER_INPUT', message, { field });
/** One problem of an input: the field (dotted path) and what is wrong with it. */
export interface InputProblem {
  field: string;
  message: string;
}

/**
 * Every problem of one input at once: a single BAD_USER_INPUT whose
 * `extensions.field` is the first problem's field (as badUserInput) and whose
 * `extensions.problems` lists them all, so a form can mark every field in one round trip.
 */
export function badUserInputs(problems: readonly InputProblem[]): GraphQLError {
  const [first] = problems;
  if (!first) throw new Error('badUserInputs needs at least one problem.');
  const message = problems.length === 1 ? first.message : `${problems.length} problems: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`;
  return expected('BAD_USER_INPUT', message, { field: first.field, problems: problems.map(({ field, message: text }) => ({ field, message: text })) });
}

/**
 * Runs each check and gathers the BAD_USER_INPUT errors they throw as problems
 * (other errors pass); throws them all at once with badUserInputs.
 */
export class ProblemCollector {
  readonly problems: InputProblem[] = [];

  /** The check's result, or undefined when it failed with BAD_USER_INPUT (recorded). */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!this.add(error)) throw error;
      return undefined;
    }
  }

  /** Like check, for a check that looks something up. */
  async checkAsync<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!this.add(error)) throw error;
      return undefined;
    }
  }

  /** Throws every problem gathered so far, if any. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw badUserInputs(this.problems);
  }

  private add(error: unknown): boolean {
    if (!(error instanceof GraphQLError) || error.extensions.code !== 'BAD_USER_INPUT') return false;
    const nested = error.extensions.problems;
    if (Array.isArray(nested)) this.problems.push(...(nested as InputProblem[]));
    else this.problems.push({ field: String(error.extensions.field ?? ''), message: error.message });
    return true;
  }
}

export const notFound = (message: string) => expected('NOT_FOUND', message);
export const conflict = (message: string) => expected('CONFLICT', message);
export const forbidden = (message: string) => expected('FORBIDDEN', message);

const MASKED_MESSAGE = 'Internal server error';
const DATABASE_UNAVAILABLE = 'The database is unavailable at the moment: try again in a few seconds.';

export interface ErrorLogger {
  error(message: string, error: unknown): void;
}

/**
 * Masks errors that carry no expected code: the client sees a generic message
 * with code INTERNAL_SERVER_ERROR, the log sees the original error.
 */
export function maskUnexpectedError(
  formatted: GraphQLFormattedError,
  original: unknown,
  logger: ErrorLogger = console,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && EXPECTED_CODES.has(code)) return formatted;
  // Already masked (and logged) where it happened, e.g. by a subgraph below the gateway.
  if (code === 'INTERNAL_SERVER_ERROR' && formatted.message === MASKED_MESSAGE) return formatted;
  // Errors raised by graphql-js itself (e.g. a variable of the wrong type) have no code but no originalError either.
  const cause = original instanceof GraphQLError ? original.originalError : original;
  if (!cause && code === undefined) return formatted;
  // The database went away (stopped, restarting, unreachable): the client is told so, not masked.
  if (isConnectionFailure(cause)) {
    return { message: DATABASE_UNAVAILABLE, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  logger.error(`Unexpected error in ${formatted.path?.join('.') ?? 'request'}`, cause ?? original);
  return {
    message: MASKED_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
