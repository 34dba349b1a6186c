/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, spans leave the process over OTLP/HTTP: POSTed as JSON to
 * `<endpoint>/v1/traces` (here a collector stand-in on a free port), at the latest when tracing shuts down.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { readOperationsConfig } from '../../subgraphs/shared/http/operations-config.js';
import { inSpan, SpanKind, startTracing } from '../../subgraphs/shared/tracing/tracing.js';

test('spans are exported to the OTLP endpoint the environment names', async () => {
  const received: { url?: string; type?: string; body: string }[] = [];
  const collector = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ url: request.url, type: request.headers['content-type'], body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  try {
    const operations = readOperationsConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(operations.otlpEndpoint).toBe(endpoint);
    const tracing = startTracing('otlp-test', operations);
    expect(tracing).not.toBeNull();
    await inSpan('gateway Exported', SpanKind.SERVER, { component: 'gateway' }, async () => {});
    await tracing!.shutdown();

    expect(received.map((r) => r.url)).toContain('/v1/traces');
    const sent = received.find((r) => r.url === '/v1/traces')!;
    expect(sent.type).toContain('application/json');
    expect(sent.body).toContain('gateway Exported');
    expect(sent.body).toContain('otlp-test');
  } finally {
    collector.close();
  }
});

test('without an endpoint nothing is registered, and a malformed one is a configuration error', () => {
  expect(startTracing('nowhere', readOperationsConfig({}))).toBeNull();
  expect(() => readOperationsConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
});
