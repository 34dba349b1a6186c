/**
 * The gateway's per-request context: the viewer, and (in one-process mode) one
 * lazily created context per subgraph, so each subgraph's DataLoaders live
 * exactly as long as the client's request.
 */
import type { Subgraph } from '../subgraphs/shared/subgraph.js';
import type { Viewer } from '../subgraphs/shared/viewer.js';
import type { Deadline } from './deadline.js';

export class GatewayContext {
  private readonly perSubgraph = new Map<string, unknown>();

  constructor(
    readonly viewer: Viewer,
    /** When the request must be answered by, with whatever is there (REQUEST_TIMEOUT_MS). */
    readonly deadline: Deadline,
    /** The request's id (X-Request-Id), carried to subgraphs served over HTTP and written in every log line. */
    readonly requestId?: string,
  ) {}

  subgraphContext(subgraph: Subgraph): unknown {
    let context = this.perSubgraph.get(subgraph.name);
    if (context === undefined) this.perSubgraph.set(subgraph.name, (context = subgraph.createContext(this.viewer)));
    return context;
  }

  /** The subgraph contexts this request created (what their middlewares collected, e.g. for the audit). */
  subgraphContexts(): unknown[] {
    return [...this.perSubgraph.values()];
  }
}
