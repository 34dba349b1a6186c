/**
 * The two kinds of measurement: single requests one after another (latency,
 * warm, medians and p99) and load with autocannon (rps, latency percentiles),
 * both with variables drawn fresh for every request and every response
 * checked for GraphQL errors (a fast error must not pass for a fast answer).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { HeaderSource } from './auth.js';
import { ROOT } from './processes.js';
import { median, percentile } from './stats.js';

/** The contract: the operations clients build against and those being built (next.graphql). */
const CONTRACT = parse(['operations.graphql', 'next.graphql'].map((file) => readFileSync(path.join(ROOT, 'tests/contract', file), 'utf8')).join('\n'));

/** One operation of the contract with only the fragments it uses, printed compactly. */
export function contractOperation(name: string): string {
  return minimalDocument(CONTRACT, name);
}

function minimalDocument(document: DocumentNode, name: string): string {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.name?.value === name);
  if (!operation) throw new Error(`no operation ${name} in tests/contract/operations.graphql or next.graphql`);
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
  );
  const used = new Set<string>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        collect(fragments.get(spread.name.value)!);
      },
    });
  collect(operation);
  const definitions: DefinitionNode[] = [operation, ...[...used].map((n) => fragments.get(n)!)];
  return print({ kind: Kind.DOCUMENT, definitions }).replace(/\s+/g, ' ');
}

/** A query only the population subgraph answers: ResidentProfile's population part. */
export const POPULATION_ONLY = `query PopulationResident($id: ID!) { resident(id: $id) { id name gender birthDate age idNumber phone residencyType address community { code name parent { code name } } household { id members { id name } } tags { code name category } } }`;

/** The indexes of each subgraph that have a people(index:) list (the enums of the API). */
export const PEOPLE_INDEXES = {
  population: { type: 'PopulationIndex', values: ['RESIDENTS', 'REGISTERED', 'FLOATING', 'OVERSEAS', 'CHILDREN', 'ELDERLY_60_PLUS', 'ELDERLY_80_PLUS', 'SPECIAL_CARE'] },
  health: {
    type: 'HealthIndex',
    values: [
      'SAMPLED_TODAY', 'WITHIN_24H', 'WITHIN_48H', 'WITHIN_72H', 'UNTESTED_72H', 'PENDING_RESULTS', 'POSITIVE_TODAY', 'POOL_POSITIVE_PENDING_RETEST', 'EXEMPT',
      'FIRST_DOSE', 'FULLY_VACCINATED', 'BOOSTED', 'ELDERLY_80_PLUS_UNVACCINATED', 'GREEN', 'YELLOW', 'RED', 'HOME_OBSERVATION_ACTIVE', 'ABNORMAL_SCANS_24H',
    ],
  },
  permits: { type: 'PermitIndex', values: ['RESUMED_WORKERS'] },
  cases: { type: 'CaseIndex', values: ['NEW_TODAY', 'ACTIVE', 'IN_FACILITY', 'DISCHARGED', 'CLOSE_CONTACTS_IN_QUARANTINE'] },
} as const;
export type PeopleSubgraph = keyof typeof PEOPLE_INDEXES;

/** The first page of one subgraph's people(index:) list, with the contract's IndexPeople node fields. */
export function indexPeopleQuery(subgraph: PeopleSubgraph): string {
  return `query IndexPeople_${subgraph}($code: ID!, $asOf: DateTime, $index: ${PEOPLE_INDEXES[subgraph].type}!, $first: Int) {
  region(code: $code) { ${subgraph}(asOf: $asOf) { people(index: $index, first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name phone address community { code name } healthCode { color } } }
  } } }
}`;
}

export interface Operation {
  label: string;
  query: string;
  operationName: string;
  variables: () => Record<string, unknown>;
}

function body(operation: Operation): string {
  return JSON.stringify({ query: operation.query, operationName: operation.operationName, variables: operation.variables() });
}

/** Sends one request (with the target's auth headers) and fails on an HTTP or GraphQL error. */
export async function request(url: string, operation: Operation, auth: HeaderSource, timeoutMs = 120_000): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...auth.current() },
    body: body(operation),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const json = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
  if (!response.ok || json.errors?.length) throw new Error(`${operation.label} at ${url}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return json.data;
}

export interface LatencyResult {
  label: string;
  samples: number;
  medianMs: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
  bytes: number;
}

/** Warm-up, then sequential requests until `count` are done or `budgetMs` has passed (at least `minSamples`). */
export async function measureLatency(
  url: string,
  operation: Operation,
  auth: HeaderSource,
  options: { warmup: number; count: number; budgetMs: number; minSamples?: number },
): Promise<LatencyResult> {
  await auth.refresh();
  for (let i = 0; i < options.warmup; i++) await request(url, operation, auth);
  const times: number[] = [];
  let bytes = 0;
  const deadline = performance.now() + options.budgetMs;
  while (times.length < options.count && (performance.now() < deadline || times.length < (options.minSamples ?? 5))) {
    const started = performance.now();
    const data = await request(url, operation, auth);
    times.push(performance.now() - started);
    bytes = JSON.stringify(data).length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    label: operation.label,
    samples: times.length,
    medianMs: median(sorted),
    p99Ms: percentile(sorted, 99),
    minMs: sorted[0]!,
    maxMs: sorted.at(-1)!,
    bytes,
  };
}

export interface LoadResult {
  target: string;
  label: string;
  connections: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  graphqlErrors: number;
  non2xx: number;
  timeouts: number;
}

/**
 * One autocannon run: every request gets fresh variables; responses with GraphQL errors are counted. Auth headers
 * are signed fresh before the run; a rotating source (the 60 s viewer header) is asked per request, so a run of
 * any length never sends an expired one.
 */
export async function measureLoad(
  target: string,
  url: string,
  operation: Operation,
  auth: HeaderSource,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  let graphqlErrors = 0;
  let firstError: string | undefined;
  await auth.refresh();
  const fixed = { 'content-type': 'application/json', accept: 'application/json' };
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    method: 'POST',
    headers: { ...fixed, ...auth.current() },
    requests: [
      {
        setupRequest: auth.rotating
          ? (req) => ({ ...req, headers: { ...fixed, ...auth.current() }, body: body(operation) })
          : (req) => ({ ...req, body: body(operation) }),
        onResponse: (_status, text) => {
          if (text.startsWith('{"errors"') || text.includes('"errors":[')) {
            graphqlErrors++;
            firstError ??= text.slice(0, 300);
          }
        },
      },
    ],
  });
  if (firstError) console.error(`  ${target} ${operation.label}: GraphQL errors, first: ${firstError}`);
  return {
    target,
    label: operation.label,
    connections,
    seconds,
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    graphqlErrors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  };
}
