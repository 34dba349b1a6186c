/**
 * Reading a serving process's operator endpoints in tests: /ready (with a retry for a loaded machine) and /metrics.
 */
import type { ReadinessReport } from '../../subgraphs/shared/http/readiness.js';

/** The process's base URL from its GraphQL URL. */
export const baseOf = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');

export async function ready(graphqlUrl: string) {
  const response = await fetch(`${baseOf(graphqlUrl)}/ready`);
  return { status: response.status, report: (await response.json()) as ReadinessReport };
}

/** /ready once it says 200, or its last answer after 5 s (each check is bounded by 2 s; a loaded machine may need another try). */
export async function readyWhenUp(graphqlUrl: string) {
  const started = performance.now();
  let answer = await ready(graphqlUrl);
  while (answer.status !== 200 && performance.now() - started < 5_000) answer = await ready(graphqlUrl);
  return answer;
}

export async function metricsText(graphqlUrl: string): Promise<string> {
  return (await fetch(`${baseOf(graphqlUrl)}/metrics`)).text();
}
