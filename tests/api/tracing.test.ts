/**
 * OpenTelemetry traces across processes' boundaries: in distributed mode (each subgraph served alone over HTTP) one
 * client request is one trace, from the gateway's request span through its subgraph fetch, over HTTP by the W3C
 * traceparent header, to the subgraph's GraphQL execution and its SQL statements. Spans go to an in-memory exporter.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTracing, type Tracing } from '../../subgraphs/shared/tracing/tracing.js';
import { builders, COMMUNITY_A1 } from '../support/builders.js';
import { startDistributedPlatform, TEST_ADMIN, tokenFor, type DistributedPlatform } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | null;
let test_: TestDatabase;
let platform: DistributedPlatform;

beforeAll(async () => {
  tracing = startTracing('platform-test', { processor: new SimpleSpanProcessor(exporter) });
  test_ = await createTestDatabase();
  platform = await startDistributedPlatform(() => test_.database);
});

afterAll(async () => {
  await platform?.stop();
  await test_?.drop();
  await tracing?.shutdown();
});

const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Whether `ancestor` is `span`'s parent, grandparent, … within `spans`. */
function descendsFrom(span: ReadableSpan, ancestor: ReadableSpan, spans: readonly ReadableSpan[]): boolean {
  const byId = new Map(spans.map((s) => [spanId(s), s]));
  for (let at = byId.get(parentId(span) ?? ''); at; at = byId.get(parentId(at) ?? '')) if (at === ancestor) return true;
  return false;
}

test('one trace spans the gateway request, the subgraph fetch, the subgraph execution over HTTP and its SQL statements', async () => {
  const seed = builders(test_.database.db);
  await seed.regionTree();
  const resident = await seed.resident({ community: COMMUNITY_A1 });
  exporter.reset();

  const response = await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
    body: JSON.stringify({ query: 'query TracedProfile($id: ID!) { resident(id: $id) { id name nucleicAcidTests(first: 5) { barcode } } }', variables: { id: String(resident.id) } }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();

  const spans = exporter.getFinishedSpans();
  const request = spans.find((s) => s.name === 'gateway TracedProfile');
  expect(request?.kind).toBe(SpanKind.SERVER);
  const trace = request!.spanContext().traceId;
  const inTrace = spans.filter((s) => s.spanContext().traceId === trace);

  // The gateway's fetch from health, under its request span.
  const fetchHealth = inTrace.find((s) => s.name === 'subgraph health');
  expect(fetchHealth?.kind).toBe(SpanKind.CLIENT);
  expect(descendsFrom(fetchHealth!, request!, inTrace)).toBe(true);

  // Health's execution continues the fetch's trace from the traceparent header: its direct child.
  const healthExecution = inTrace.find((s) => s.name.startsWith('health ') && s.kind === SpanKind.SERVER);
  expect(healthExecution, `spans: ${inTrace.map((s) => s.name).join(', ')}`).toBeDefined();
  expect(parentId(healthExecution!)).toBe(spanId(fetchHealth!));
  expect(healthExecution!.attributes.component).toBe('health');

  // Health's SQL statements, under its execution.
  const healthSql = inTrace.filter((s) => s.name.startsWith('sql ') && descendsFrom(s, healthExecution!, inTrace));
  expect(healthSql.length).toBeGreaterThan(0);
  expect(healthSql.some((s) => /\b"?health"?\./.test(String(s.attributes['db.statement'])))).toBe(true);

  // Population answered too, in the same trace, with its own SQL.
  const populationExecution = inTrace.find((s) => s.name.startsWith('population ') && s.kind === SpanKind.SERVER);
  expect(populationExecution).toBeDefined();
  expect(inTrace.some((s) => s.name === 'sql select' && descendsFrom(s, populationExecution!, inTrace))).toBe(true);
  // Nothing of this request started a trace of its own.
  expect(spans.filter((s) => s.kind === SpanKind.SERVER && s.spanContext().traceId !== trace)).toEqual([]);
});

test('a request arriving with a traceparent continues that trace', async () => {
  exporter.reset();
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}`, traceparent: `00-${traceId}-${callerSpan}-01` },
    body: JSON.stringify({ query: 'query Towns { regions(level: TOWN) { code } }' }),
  });
  const request = exporter.getFinishedSpans().find((s) => s.name === 'gateway Towns');
  expect(request?.spanContext().traceId).toBe(traceId);
  expect(parentId(request!)).toBe(callerSpan);
});
