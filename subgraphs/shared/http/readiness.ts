/**
 * GET /ready: whether this process can serve requests now, for a load balancer or an orchestrator to route to it or
 * not. Each check runs with a short bound; the answer names every check and what failed (503), so an operator sees
 * which part is missing. /health, by contrast, only says the process runs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/database.js';
import { MIGRATIONS_FOLDER } from '../db/migrate.js';

/** One thing readiness depends on: resolves when it is fine, throws (with a message saying what is wrong) when not. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<void>;
}

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  /** The checks that failed, by name (empty when ready). */
  failing: string[];
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Runs every check at once, each bounded by `timeoutMs`. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
        await Promise.race([check.run(), late]);
        return [check.name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        return [check.name, { ok: false, ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const failing = results.filter(([, result]) => !result.ok).map(([name]) => name);
  return { status: failing.length === 0 ? 'ready' : 'unavailable', failing, checks: Object.fromEntries(results) };
}

/** `database`: a statement answers; `migrations`: the newest committed migration is applied. */
export function databaseChecks(database: Database): ReadinessCheck[] {
  return [
    { name: 'database', run: async () => void (await queryRows(database.db, sql`select 1`)) },
    {
      name: 'migrations',
      async run() {
        const newest = await newestMigration();
        const [applied] = await queryRows<{ at: string | number | null }>(database.db, sql`select max(created_at) as at from drizzle.__drizzle_migrations`);
        if (Number(applied?.at ?? 0) < newest.when) throw new Error(`migration ${newest.tag} is not applied`);
      },
    },
  ];
}

let journal: Promise<{ tag: string; when: number }> | undefined;

/** The newest migration committed with this code (read once). */
function newestMigration(): Promise<{ tag: string; when: number }> {
  journal ??= readFile(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8').then((text) => (JSON.parse(text) as { entries: { tag: string; when: number }[] }).entries.at(-1)!);
  return journal;
}

/** `subgraph:<name>`: a subgraph served elsewhere answers its own /ready with 200. */
export function subgraphCheck(name: string, graphqlUrl: string, timeoutMs = CHECK_TIMEOUT_MS): ReadinessCheck {
  const url = new URL('/ready', graphqlUrl);
  return {
    name: `subgraph:${name}`,
    async run() {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).catch((error: Error & { cause?: { code?: string } }) => {
        throw new Error(`${url} unreachable (${error.cause?.code ?? error.message})`);
      });
      if (response.ok) return;
      const report = (await response.json().catch(() => null)) as ReadinessReport | null;
      throw new Error(`${url} answered ${response.status}${report?.failing?.length ? ` (failing: ${report.failing.join(', ')})` : ''}`);
    },
  };
}
