/**
 * OpenTelemetry traces: one trace per client request, from the gateway through each subgraph fetch (over HTTP the
 * W3C `traceparent` header carries it on) to every SQL statement. Spans are created with the OpenTelemetry API
 * everywhere (a no-op until a provider is registered); `startTracing` registers one per process: with
 * OTEL_EXPORTER_OTLP_ENDPOINT set it exports over OTLP/HTTP (JSON), tests pass an in-memory processor instead.
 * Without either nothing is registered and tracing costs nothing.
 *
 * Spans: `gateway <operation>` and `<subgraph> <operation>` (SERVER: one GraphQL request answered, request-span.ts),
 * `subgraph <name>` (CLIENT: one fetch from a subgraph, in-process or over HTTP), `sql <verb>` (CLIENT: one
 * statement, sql-spans.ts). @apollo/gateway adds its own (gateway.request, gateway.plan, gateway.fetch …).
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { traceSqlStatements } from './sql-spans.js';

/** The platform's tracer: a proxy, so spans made before `startTracing` (or without it) are simply no-ops. */
export const tracer = trace.getTracer('qingpu-platform');

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Where spans go instead (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  processor?: SpanProcessor;
}

export interface Tracing {
  /** Sends the spans still buffered and unregisters the provider. */
  shutdown(): Promise<void>;
}

/** Registers tracing for this process as `service` (its service.name); null when there is nowhere to send spans. */
export function startTracing(service: string, options: TracingOptions): Tracing | null {
  const processor = options.processor ?? (options.otlpEndpoint ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })) : null);
  if (!processor) return null;
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [processor] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  traceSqlStatements();
  return {
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** Runs `work` in a new active span (a child of the active one, or of `parent`), ended when it settles; failures mark it. */
export function inSpan<T>(name: string, kind: SpanKind, attributes: Attributes, work: () => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The W3C trace headers (`traceparent`, `tracestate`) of the active span, to send along with a request. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** The context a request's headers continue (their `traceparent`), or a new trace: never whatever is active in this process. */
export function contextOfHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

export { SpanKind };
