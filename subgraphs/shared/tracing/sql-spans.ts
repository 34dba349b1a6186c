/**
 * A span per SQL statement, whichever driver runs it (postgres.js or PGlite) and whether in a transaction or not:
 * every drizzle statement reaches the driver through PgPreparedQuery.queryWithCache, so the driver call is wrapped
 * there, once per process. Only the statement text is recorded, never its parameters (they hold personal data).
 * Installed by startTracing only: without tracing nothing is wrapped.
 */
import { PgPreparedQuery } from 'drizzle-orm/pg-core';
import { inSpan, SpanKind } from './tracing.js';

type QueryWithCache = (queryString: string, params: unknown[], query: () => Promise<unknown>) => Promise<unknown>;

let installed = false;

export function traceSqlStatements(): void {
  if (installed) return;
  const prototype = PgPreparedQuery.prototype as unknown as { queryWithCache?: QueryWithCache };
  const original = prototype.queryWithCache;
  // A drizzle upgrade that renames it must not silently lose the SQL spans (the tracing test fails too).
  if (typeof original !== 'function') throw new Error('drizzle-orm has no PgPreparedQuery.queryWithCache: SQL spans cannot be installed.');
  prototype.queryWithCache = function (this: unknown, queryString, params, query) {
    const verb = /^\s*(\w+)/.exec(queryString)?.[1]?.toLowerCase() ?? 'statement';
    return original.call(this, queryString, params, () =>
      inSpan(`sql ${verb}`, SpanKind.CLIENT, { 'db.system': 'postgresql', 'db.statement': queryString }, query),
    );
  };
  installed = true;
}
