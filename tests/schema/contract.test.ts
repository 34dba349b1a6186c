/**
 * The client contract: the operations front-end teams and partners build
 * against (kept in tests/contract/operations.graphql, a copy of the shared
 * contract that codegen also reads) validate against the API schema, with no
 * error at all.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { buildSchema, parse, print, validate } from 'graphql';
import { expect, test } from 'vitest';

const SHARED_CONTRACT = new URL('../../../shared/contract/operations.graphql', import.meta.url);
const LOCAL_CONTRACT = new URL('../contract/operations.graphql', import.meta.url);
/** Operations of the shared next.graphql this repository already serves. */
const LOCAL_NEXT = new URL('../contract/next.graphql', import.meta.url);

test('every contract operation validates against the API schema', async () => {
  const schema = buildSchema(await readFile(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
  const contract = parse(await readFile(LOCAL_CONTRACT, 'utf8'));
  expect(validate(schema, contract).map((e) => e.message)).toEqual([]);
  expect(contract.definitions.length).toBeGreaterThanOrEqual(11);
});

test('the operations of next.graphql served already validate against the API schema', async () => {
  const schema = buildSchema(await readFile(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
  const next = parse(await readFile(LOCAL_NEXT, 'utf8'));
  expect(validate(schema, next).map((e) => e.message)).toEqual([]);
  expect(next.definitions.length).toBeGreaterThanOrEqual(1);
});

// The shared contract lives beside the repository on the team's machines and in CI, not in a user's clone.
test.runIf(existsSync(SHARED_CONTRACT))('the copy is the shared contract, operation for operation', async () => {
  const normalized = async (file: URL) => print(parse(await readFile(file, 'utf8')));
  expect(await normalized(LOCAL_CONTRACT)).toBe(await normalized(SHARED_CONTRACT));
});
