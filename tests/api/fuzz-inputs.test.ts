/**
 * Property-style: random values at every variable of the contract's
 * operations (tests/contract/operations.graphql, a copy of the shared
 * contract) — huge, empty, control-character and unicode strings, negative,
 * huge and fractional numbers, wrong types, missing and extra fields, nested
 * lists and objects — from a seeded PRNG, a bounded number of cases. Every
 * answer is either data or errors with a documented code; never
 * INTERNAL_SERVER_ERROR, never HTTP 500; the server still answers /health
 * afterwards. Set FUZZ_SEED to replay another sequence.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  print,
  separateOperations,
  typeFromAST,
  visit,
  type DocumentNode,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Random } from '../../seed/random.js';
import { COMMUNITY_A1, TOWN_A } from '../support/builders.js';
import { startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform } from '../support/platform.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260415);
const CASES_PER_OPERATION = 40;
const DOCUMENTED_CODES = new Set(['BAD_USER_INPUT', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT']);

let platform: TestPlatform;
let residentIds: string[] = [];
beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  for (let i = 0; i < 3; i++) residentIds.push(String((await platform.seed.resident({ name: `Fuzz ${i}` })).id));
  await platform.gql('{ tags { code } }'); // warm the query planner
});
afterAll(() => platform?.stop());

// The seed's own generator (sfc32): seeded, the same sequence on every machine.
const generator = new Random(`fuzz-inputs:${SEED}`);
const random = () => generator.next();
const int = (max: number) => Math.floor(random() * max);
const pick = <T>(values: readonly T[]): T => values[int(values.length)]!;

function randomString(): string {
  switch (int(9)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(int(3) === 0 ? 300_000 : 1 + int(2_000)); // huge (under the body limit)
    case 2:
      return Array.from({ length: 1 + int(20) }, () => String.fromCharCode(pick([0, 1, 7, 8, 9, 10, 13, 27, 31, 127, 128, 133, 159]))).join('');
    case 3:
      return pick(['张伟', '😷🧪', 'العربية', '\u202eRTL', 'e\u0301', '\ud800', '\uffff', 'Ω≈ç√∫']).repeat(1 + int(30));
    case 4:
      return pick(['310118', COMMUNITY_A1, TOWN_A, '1', '0', '-1', ...residentIds]);
    case 5:
      return pick(['null', 'undefined', "' OR 1=1 --", '%00', '${x}', '<script>', '{"a":1}', '../../etc/passwd', '  ']);
    case 6:
      return pick(['2022-04-10T08:00:00+08:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2022-02-30', 'yesterday', new Date().toISOString()]);
    case 7:
      return `QP-${int(1e9)}`;
    default:
      return String(random()).repeat(1 + int(5));
  }
}

function randomNumber(): unknown {
  return pick([0, 1, -1, 24, 72, 500, 501, 2 ** 31, -(2 ** 31) - 1, 1e20, 1.5, -0.5, Number.MAX_SAFE_INTEGER, '5', true]);
}

/** Nesting where a plain value was expected. */
function randomNesting(depth = 0): unknown {
  if (depth > 6 || int(3) === 0) return pick([null, 1, 'x', {}, []]);
  return int(2) === 0 ? [randomNesting(depth + 1), randomNesting(depth + 1)] : { a: randomNesting(depth + 1), b: randomNesting(depth + 1) };
}

function randomValue(type: GraphQLInputType, depth = 0): unknown {
  if (int(14) === 0) return undefined; // missing, even when required
  if (int(14) === 0) return null;
  if (int(16) === 0) return randomNesting();
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    if (int(8) === 0) return randomValue(nullable.ofType as GraphQLInputType, depth + 1); // a single value for a list (coerced)
    return Array.from({ length: int(depth > 1 ? 2 : 5) }, () => randomValue(nullable.ofType as GraphQLInputType, depth + 1));
  }
  if (isInputObjectType(nullable)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      const item = randomValue(field.type, depth + 1);
      if (item !== undefined) value[field.name] = item;
    }
    if (int(10) === 0) value.unexpected = randomString().slice(0, 20);
    return value;
  }
  if (isEnumType(nullable)) return int(5) === 0 ? randomString().slice(0, 40) : pick(nullable.getValues()).value;
  if (isScalarType(nullable)) {
    switch (nullable.name) {
      case 'Int':
      case 'Float':
        return int(6) === 0 ? randomString().slice(0, 40) : randomNumber();
      case 'Boolean':
        return int(6) === 0 ? 'yes' : random() < 0.5;
      default:
        return int(8) === 0 ? randomNumber() : randomString();
    }
  }
  return randomString();
}

/** The value as a GraphQL literal of `type` (enum values bare), for sending it in the document instead of as a variable. */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const nullable = type && (getNullableType(type) as GraphQLInputType);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : undefined)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    return `{ ${Object.entries(value).map(([key, item]) => `${key}: ${literal(item, fields[key]?.type)}`).join(', ')} }`;
  }
  if (typeof value === 'string' && nullable && isEnumType(nullable) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The operation with its variables written into the document as literals (missing ones as null). */
function inlined(document: DocumentNode, values: Record<string, unknown>, types: Map<string, GraphQLInputType>): string {
  const printed = print(
    visit(document, {
      VariableDefinition: () => null,
      Variable: (node) => ({ kind: Kind.ENUM, value: `__LITERAL_${node.name.value}__` }) as never,
    }),
  );
  return printed.replace(/\(\)/g, '').replace(/__LITERAL_(\w+?)__/g, (_, name: string) => literal(values[name], types.get(name)));
}

test(`random values at every variable of the contract's operations (seed ${SEED}) answer with documented codes only`, { timeout: 120_000 }, async () => {
  const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
  const contract = parse(readFileSync(new URL('../contract/operations.graphql', import.meta.url), 'utf8'));
  const operations = Object.values(separateOperations(contract)).map((document) => {
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    return {
      name: operation.name?.value ?? '(anonymous)',
      document,
      query: print(document),
      variables: (operation.variableDefinitions ?? []).map((definition) => ({
        name: definition.variable.name.value,
        type: typeFromAST(schema, definition.type as never) as GraphQLInputType,
        required: isNonNullType(typeFromAST(schema, definition.type as never)),
      })),
    };
  });
  const token = await tokenFor(TEST_ADMIN);
  const seen = new Map<string, number>();
  const failures: string[] = [];
  let cases = 0;
  for (const operation of operations) {
    for (let i = 0; i < CASES_PER_OPERATION; i++) {
      const variables: Record<string, unknown> = {};
      for (const variable of operation.variables) {
        const value = randomValue(variable.type);
        if (value !== undefined) variables[variable.name] = value;
      }
      // One case in four writes the values into the document instead (literals are checked on their own path).
      const asLiterals = int(4) === 0;
      const types = new Map(operation.variables.map((variable) => [variable.name, variable.type]));
      const body = JSON.stringify(
        asLiterals ? { query: inlined(operation.document, variables, types), operationName: operation.name } : { query: operation.query, operationName: operation.name, variables },
      );
      const response = await fetch(platform.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      cases++;
      const text = await response.text();
      const describe = () => `${operation.name} ${response.status} ${text.slice(0, 300)} ← ${body.slice(0, 300)}`;
      if (response.status >= 500) failures.push(describe());
      let parsed: { errors?: { extensions?: { code?: string } }[] } | null = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        if (response.status !== 413 && response.status !== 400) failures.push(`not JSON: ${describe()}`);
      }
      for (const error of parsed?.errors ?? []) {
        const code = error.extensions?.code ?? '(none)';
        seen.set(code, (seen.get(code) ?? 0) + 1);
        if (!DOCUMENTED_CODES.has(code)) failures.push(describe());
      }
      if (parsed && !parsed.errors) seen.set('(data)', (seen.get('(data)') ?? 0) + 1);
    }
  }
  console.info(`fuzz-inputs: seed ${SEED}, ${cases} cases over ${operations.length} operations; answers by code: ${JSON.stringify(Object.fromEntries(seen))}`);
  expect(failures.slice(0, 5)).toEqual([]);
  const health = await fetch(new URL('/health', platform.gateway.url));
  expect(health.status).toBe(200);
});
