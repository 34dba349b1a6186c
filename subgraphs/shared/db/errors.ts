/** PostgreSQL error codes we turn into expected errors. drizzle wraps driver errors, so look at the cause too. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return !constraint || (e.constraint ?? e.constraint_name) === constraint || String(e).includes(constraint);
  }
  return false;
}

/** Node's socket errors, postgres.js's own connection errors, and the server's "going away" SQLSTATEs (class 08, 57P01-57P03). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03']);

/** Whether the database could not be reached or went away (not whether a statement was wrong): a client may try again. */
export function isConnectionFailure(error: unknown): boolean {
  for (let e = error as { code?: unknown; errors?: unknown[]; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    // Connecting to a host name with several addresses fails with all of their errors at once.
    if (Array.isArray(e.errors) && e.errors.some(isConnectionFailure)) return true;
  }
  return false;
}
