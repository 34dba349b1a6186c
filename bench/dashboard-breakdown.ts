/**
 * DATABASE_URL=postgres://…/bench_demo npx tsx bench/dashboard-breakdown.ts [--repeat 3]
 *
 * Where RegionDashboard's health part spends its time, outside the gateway:
 * the per-resident facts query (healthFactsAt: SQL plus row mapping, for the
 * district and its towns, as the dashboard's DataLoader asks) against the
 * JavaScript aggregation (healthIndexesOf per region). Reads only.
 */
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { healthFactsAt } from '../subgraphs/health/health-code/health-facts.queries.js';
import { healthIndexesOf } from '../subgraphs/health/statistics/health-indexes.js';
import { createDatabase } from '../subgraphs/shared/db/database.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '3' } } });
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must point at a seeded bench database');
const raw = postgres(url, { max: 1, onnotice: () => {} });
const regions = await raw<{ code: string; level: string }[]>`select code, level::text as level from population.regions where level in ('DISTRICT', 'TOWN') order by code`;
await raw.end();
const codes = regions.map((r) => r.code);
const database = await createDatabase({ url, maxConnections: 2 });
try {
  for (let i = 0; i < Number(values.repeat); i++) {
    const at = new Date();
    const heapBefore = process.memoryUsage().heapUsed;
    let started = performance.now();
    const facts = await healthFactsAt(database.db, { regionCodes: codes }, at);
    const factsMs = performance.now() - started;
    const heapAfter = process.memoryUsage().heapUsed;
    started = performance.now();
    for (const code of codes) healthIndexesOf(facts.filter((f) => f.communityCode?.startsWith(code)), at, { testIntervalHours: 168 });
    const jsMs = performance.now() - started;
    console.log(
      `run ${i + 1}: healthFactsAt ${factsMs.toFixed(0)} ms for ${facts.length.toLocaleString('en-US')} residents ` +
        `(${((factsMs * 1000) / Math.max(1, facts.length)).toFixed(1)} µs each, heap +${((heapAfter - heapBefore) / 1048576).toFixed(0)} MB); ` +
        `healthIndexesOf × ${codes.length} regions ${jsMs.toFixed(0)} ms`,
    );
  }
} finally {
  await database.close();
}
