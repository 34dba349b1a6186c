import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, test, vi } from 'vitest';
import { badUserInput, conflict, forbidden, maskUnexpectedError, notFound } from '../../subgraphs/shared/errors.js';

function spyLogger() {
  return { error: vi.fn<(message: string, error: unknown) => void>() };
}

/** What Apollo hands to formatError for an error thrown in a resolver: the formatted error and the GraphQLError wrapping it. */
function thrownInResolver(error: Error, code = 'INTERNAL_SERVER_ERROR') {
  const wrapped = new GraphQLError(error.message, { originalError: error, path: ['resident', 'name'], extensions: { code } });
  const formatted: GraphQLFormattedError = {
    message: error.message,
    locations: [{ line: 1, column: 3 }],
    path: ['resident', 'name'],
    extensions: { code, stacktrace: ['Error: ...', '    at secret/file.ts:1'] },
  };
  return { formatted, wrapped };
}

describe('expected errors pass through', () => {
  test.each([
    ['BAD_USER_INPUT', badUserInput('input.phone', 'not a phone')],
    ['NOT_FOUND', notFound('no such resident')],
    ['CONFLICT', conflict('already registered')],
    ['FORBIDDEN', forbidden('outside your scope')],
  ])('%s keeps its message and extensions, unlogged', (code, error) => {
    const logger = spyLogger();
    const formatted = error.toJSON();
    expect(formatted.extensions?.code).toBe(code);
    expect(maskUnexpectedError(formatted, error, logger)).toBe(formatted);
    expect(logger.error).not.toHaveBeenCalled();
  });

  test('the field of a BAD_USER_INPUT reaches the client', () => {
    const error = badUserInput('input.idNumber', 'bad check character');
    expect(maskUnexpectedError(error.toJSON(), error, spyLogger()).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.idNumber' });
  });

  test.each(['UNAUTHENTICATED', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND'])(
    "the request error %s (the client's mistake, not ours) passes through",
    (code) => {
      const logger = spyLogger();
      const formatted: GraphQLFormattedError = { message: 'Cannot query field "x"', extensions: { code } };
      expect(maskUnexpectedError(formatted, new GraphQLError(formatted.message, { extensions: { code } }), logger)).toBe(formatted);
      expect(logger.error).not.toHaveBeenCalled();
    },
  );

  test('a graphql-js error with no code and no cause (e.g. a variable of the wrong type) passes through', () => {
    const logger = spyLogger();
    const error = new GraphQLError('Variable "$id" of required type "ID!" was not provided.');
    const formatted = error.toJSON();
    expect(maskUnexpectedError(formatted, error, logger)).toBe(formatted);
    expect(logger.error).not.toHaveBeenCalled();
  });
});

describe('unexpected errors are masked and logged', () => {
  test('a thrown Error: generic message, INTERNAL_SERVER_ERROR, location kept, details dropped, original logged', () => {
    const logger = spyLogger();
    const bug = new Error('relation "population.secret_table" does not exist (password=hunter2)');
    const { formatted, wrapped } = thrownInResolver(bug);

    const masked = maskUnexpectedError(formatted, wrapped, logger);

    expect(masked).toEqual({
      message: 'Internal server error',
      locations: [{ line: 1, column: 3 }],
      path: ['resident', 'name'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(masked)).not.toContain('hunter2');
    expect(JSON.stringify(masked)).not.toContain('stacktrace');
    expect(logger.error).toHaveBeenCalledTimes(1);
    const [message, logged] = logger.error.mock.calls[0]!;
    expect(message).toContain('resident.name');
    // The log gets the original error itself (with its stack), not the wrapper.
    expect(logged).toBe(bug);
  });

  test('an error with no code but a cause is masked', () => {
    const logger = spyLogger();
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const masked = maskUnexpectedError({ message: bug.message }, bug, logger);
    expect(masked).toEqual({ message: 'Internal server error', locations: undefined, path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('request'), bug);
  });

  test('an unknown code is not trusted: masked and logged', () => {
    const logger = spyLogger();
    const error = new GraphQLError('driver said: connection refused', { extensions: { code: 'ECONNREFUSED' } });
    const masked = maskUnexpectedError(error.toJSON(), error, logger);
    expect(masked.message).toBe('Internal server error');
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  test('an INTERNAL_SERVER_ERROR with a real message (not yet masked) is masked', () => {
    const logger = spyLogger();
    const formatted: GraphQLFormattedError = { message: 'duplicate key value violates unique constraint', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    const masked = maskUnexpectedError(formatted, new GraphQLError(formatted.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } }), logger);
    expect(masked.message).toBe('Internal server error');
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  test('the default logger is console.error', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { formatted, wrapped } = thrownInResolver(new Error('boom'));
      expect(maskUnexpectedError(formatted, wrapped).message).toBe('Internal server error');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('already masked errors', () => {
  test('pass through unchanged and are not logged twice (a subgraph masked and logged it already)', () => {
    const logger = spyLogger();
    const formatted: GraphQLFormattedError = {
      message: 'Internal server error',
      path: ['resident', 'positiveCase'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
    const error = new GraphQLError(formatted.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(maskUnexpectedError(formatted, error, logger)).toBe(formatted);
    expect(logger.error).not.toHaveBeenCalled();
  });

  test('masking is idempotent', () => {
    const logger = spyLogger();
    const { formatted, wrapped } = thrownInResolver(new Error('boom'));
    const once = maskUnexpectedError(formatted, wrapped, logger);
    const twice = maskUnexpectedError(once, new GraphQLError(once.message, { extensions: once.extensions }), logger);
    expect(twice).toEqual(once);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});
