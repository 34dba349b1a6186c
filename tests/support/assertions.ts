/**
 * Assertions on GraphQL responses, shared by the API tests.
 */
import { expect } from 'vitest';
import type { GraphQLResponse } from './platform.js';

/** The data of a response that must have succeeded; fails with the errors printed otherwise. */
export function ok<T = any>(response: GraphQLResponse<T>): T {
  if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  return response.data!;
}

/**
 * The first error of a response that must have failed: its extensions.code is `code`, its
 * extensions.field is `field` and its message matches `message` (a substring or a pattern) when
 * given; the message always reads as a sentence, never an empty or bare code.
 */
export function expectError(response: GraphQLResponse, code: string, expected: { field?: string; message?: string | RegExp } = {}) {
  const error = response.errors?.[0];
  expect(error, `expected a ${code} error, got ${JSON.stringify(response).slice(0, 1000)}`).toBeDefined();
  expect(error!.extensions?.code, error!.message).toBe(code);
  if (expected.field !== undefined) expect(error!.extensions?.field).toBe(expected.field);
  if (expected.message !== undefined) expect(error!.message).toMatch(expected.message);
  expect(error!.message.length).toBeGreaterThan(10);
  return error!;
}
