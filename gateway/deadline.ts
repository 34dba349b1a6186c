/**
 * The deadline of one client request (REQUEST_TIMEOUT_MS): every subgraph
 * fetch of the request races it, so the gateway answers by then with what the
 * other fetches returned plus a TIMEOUT error for the late ones, instead of
 * holding the client (and its connection) for as long as the slowest part.
 */
import type { GraphQLFormattedError } from 'graphql';

export class Deadline {
  readonly at: number;

  constructor(readonly timeoutMs: number) {
    this.at = Date.now() + timeoutMs;
  }

  /** `fetch`'s answer, or a TIMEOUT error answer if the deadline comes first. */
  async race<T extends { errors?: readonly GraphQLFormattedError[] }>(subgraph: string, fetch: () => Promise<T>): Promise<T> {
    const left = this.at - Date.now();
    const timeout = (): T => ({ errors: [timeoutError(subgraph, this.timeoutMs)] }) as unknown as T;
    if (left <= 0) return timeout();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([fetch(), new Promise<T>((resolve) => (timer = setTimeout(() => resolve(timeout()), left)))]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function timeoutError(subgraph: string, timeoutMs: number): GraphQLFormattedError {
  return {
    message: `The ${subgraph} part of this request did not finish within the request's deadline of ${timeoutMs} ms; its fields are null. Ask for less (smaller pages, fewer regions) or try again.`,
    extensions: { code: 'TIMEOUT', subgraph },
  };
}
