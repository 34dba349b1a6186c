/**
 * The client contract: the operations front-end teams and partners build
 * against (kept in tests/contract/operations.graphql, a copy of the shared
 * contract that codegen also reads) validate against the API schema, with no
 * error at all.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { buildSchema, Kind, parse, print, validate, type OperationDefinitionNode } from 'graphql';
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

const SHARED_NEXT = new URL('../../../shared/contract/next.graphql', import.meta.url);

test.runIf(existsSync(SHARED_NEXT))('each operation of next.graphql served here is the shared one, unchanged', async () => {
  const operations = async (file: URL) =>
    new Map(
      parse(await readFile(file, 'utf8'))
        .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
        .map((d) => [(d as OperationDefinitionNode).name!.value, print(d)]),
    );
  const [local, shared] = [await operations(LOCAL_NEXT), await operations(SHARED_NEXT)];
  expect([...local.keys()].sort()).toEqual(['AuditEvents', 'IndexPeople', 'RegionDaily', 'UnmatchedResults', 'WorkPermits']);
  for (const [name, text] of local) expect(text, name).toBe(shared.get(name));
});

// The shared contract lives beside the repository on the team's machines and in CI, not in a user's clone.
test.runIf(existsSync(SHARED_CONTRACT))('the copy is the shared contract, operation for operation', async () => {
  const normalized = async (file: URL) => print(parse(await readFile(file, 'utf8')));
  expect(await normalized(LOCAL_CONTRACT)).toBe(await normalized(SHARED_CONTRACT));
});
