/**
 * In-flight de-duplication of subgraph fetches: identical queries (same
 * subgraph, operation, variables and viewer) running at the same moment are
 * executed once and share the answer. Officers refresh the same dashboards;
 * under load many of their requests coincide. Mutations are never shared.
 * Each waiter but the first gets its own copy, as the gateway merges fetched
 * data into the response it builds.
 */
import type { Viewer } from '../subgraphs/shared/viewer.js';

/** What identifies a subgraph fetch (the gateway's request to a subgraph). */
interface SubgraphRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export class InFlightFetches<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** Runs `fetch`, or joins the identical one already running. */
  async run(subgraph: string, viewer: Viewer | undefined, request: SubgraphRequest, fetch: () => Promise<T>): Promise<T> {
    if (/^\s*mutation\b/.test(request.query ?? '')) return fetch();
    const key = JSON.stringify([subgraph, viewer ?? null, request.operationName ?? null, request.query, request.variables ?? null]);
    const running = this.running.get(key);
    if (running) return structuredClone(await running);
    const started = fetch().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
