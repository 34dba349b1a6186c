/**
 * npm run bench -- [--size demo|district] [--database-url postgres://…] [--duration 10] [--connections 20,100]
 *                  [--phases latency,load,ingest] [--lab-rows N] [--mutation-rows N] [--no-hive] [--cpu-prof] [--timeout-min M] [--report-only]
 *
 * The whole benchmark of issue 6, self-contained: prepares its own database
 * bench_<size> (created and seeded when missing, reused when already at that
 * size; never the shared `test` one), starts what it needs as child processes
 * on loopback ports, measures, stops them all (also on failure or Ctrl-C,
 * and when the overall time bound passes), and writes bench/results/<size>.md
 * and bench/RESULTS.md (every size's latest results plus
 * bench/where-the-time-goes.md).
 *
 * Every request is authenticated (lib/auth.ts): the children get a fixed
 * bench-only AUTH_JWT_SECRET; our gateways get a DISTRICT_ADMIN token of
 * the district in `Authorization`, the population subgraph alone and Hive
 * Gateway (which forwards it) the gateway-signed `x-platform-viewer` header.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchAuth, type BenchAuth, type HeaderSource } from './lib/auth.js';
import { loadPools, prepareDatabase, variableMakers, type Size } from './lib/data.js';
import { cliIngest, mutationIngest, WORK_DIR, type CliIngest, type MutationIngest } from './lib/ingest.js';
import { contractOperation, indexPeopleQuery, measureLatency, measureLoad, PEOPLE_INDEXES, POPULATION_ONLY, request, type LatencyResult, type LoadResult, type Operation, type PeopleSubgraph } from './lib/measure.js';
import { ROOT, sampleRss, sleep, startChild, startTs, stopAll, superviseRun, waitHealthy, type Child } from './lib/processes.js';
import { int, mb, ms, ratio } from './lib/stats.js';
import { assembleResults } from './lib/results.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'demo' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20,100' },
    phases: { type: 'string', default: 'latency,load,ingest' },
    'lab-rows': { type: 'string' },
    'mutation-rows': { type: 'string' },
    'no-hive': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'timeout-min': { type: 'string' },
    'report-only': { type: 'boolean', default: false },
    /** Write bench/results/<name>.md instead of <size>.md: a partial run (some phases) beside the size's full one. */
    'results-name': { type: 'string' },
    /** Leave out the index checker's brute force (minutes at district size), e.g. when check:indexes just ran. */
    'no-brute-force': { type: 'boolean', default: false },
  },
  strict: true,
});

const size = values.size as Size;
if (!['test', 'demo', 'district'].includes(size)) throw new Error('--size must be test, demo or district');
const duration = Number(values.duration);
const connectionsList = values.connections.split(',').map(Number);
const phases = new Set(values.phases.split(','));
const labRows = Number(values['lab-rows'] ?? (size === 'district' ? 1_000_000 : 200_000));
const mutationRows = Number(values['mutation-rows'] ?? (size === 'district' ? 200_000 : 100_000));
const timeoutMin = Number(values['timeout-min'] ?? (size === 'district' ? 90 : 30));
const HIVE_DIR = path.join(ROOT, 'bench/hive');
const HIVE_BIN = path.join(HIVE_DIR, 'node_modules/.bin/hive-gateway');
const useHive = !values['no-hive'];
const resultsName = values['results-name'] ?? size;
if (!/^[a-z0-9-]+$/.test(resultsName)) throw new Error('--results-name: lower-case letters, digits and dashes');

const PORTS = { onePlatform: 4701, distributedGateway: 4702, hiveDefault: 4703, hiveRouter: 4704, population: 4711, health: 4712, permits: 4713, cases: 4714, ingestPlatform: 4705 };
const SUBGRAPHS = ['population', 'health', 'permits', 'cases'] as const;
const subgraphUrl = (name: (typeof SUBGRAPHS)[number]) => `http://127.0.0.1:${PORTS[name]}/graphql`;
const base = (port: number) => `http://127.0.0.1:${port}`;

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const startedAt = new Date();
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();


interface Results {
  databaseUrl: string;
  seeded: string;
  counts: Record<string, number>;
  latency: LatencyResult[];
  latencyDistributed: LatencyResult[];
  bruteForce: string;
  load: LoadResult[];
  rss?: { idleBytes: number; maxBytes: number; samples: number };
  cli?: CliIngest;
  mutation?: MutationIngest;
  notes: string[];
  profiles: string[];
}

async function main(): Promise<void> {
  const results: Results = { databaseUrl: '', seeded: '', counts: {}, latency: [], latencyDistributed: [], bruteForce: '', load: [], notes: [], profiles: [] };
  const prepared = await prepareDatabase(values['database-url'], size, log);
  results.databaseUrl = prepared.url;
  results.counts = prepared.counts;
  results.seeded = prepared.seeded === 'reused' ? 'reused (already seeded at this size)' : `seeded by this run in ${prepared.seedSeconds!.toFixed(0)} s`;
  const dbUrl = prepared.url;
  // Every request carries credentials (lib/auth.ts); the client token outlives the whole run.
  const auth = await benchAuth(timeoutMin * 60 + 600);
  const pools = await loadPools(dbUrl);
  const vars = variableMakers(pools);
  log(`pools: ${pools.residentIds.length} residents, ${pools.towns.length} towns, ${pools.communities.length} communities, ${pools.tags.length} tags`);

  const op = (label: string, name: string, variables: () => Record<string, unknown>): Operation => ({ label, query: contractOperation(name), operationName: name, variables });
  const operations = {
    dashboard: op('RegionDashboard (district)', 'RegionDashboard', vars.dashboardDistrict),
    dashboardPast: op('RegionDashboard (district, random asOf in the last 7 days)', 'RegionDashboard', vars.dashboardDistrictPast),
    dashboardAny: op('RegionDashboard (district or a town)', 'RegionDashboard', vars.dashboardAny),
    untestedCommunity: op('UntestedResidents (community, first 50)', 'UntestedResidents', vars.untestedCommunity),
    untestedTown: op('UntestedResidents (town, first 50)', 'UntestedResidents', vars.untestedTown),
    search: op('SearchResidents (region + tags + age, first 20)', 'SearchResidents', vars.search),
    profile: op('ResidentProfile', 'ResidentProfile', vars.residentProfile),
    populationOnly: { label: 'PopulationResident (population only)', query: POPULATION_ONLY, operationName: 'PopulationResident', variables: vars.populationOnly },
    workPermits: op('WorkPermits (town, first 50)', 'WorkPermits', vars.workPermitsTown),
  };
  // Drill-down: the first page of 50 of a random list of each subgraph, now (community; town or district) and past.
  const peopleOp = (subgraph: PeopleSubgraph, level: 'community' | 'town or district', past = false): Operation => ({
    label: `IndexPeople ${subgraph} (${level}, first 50${past ? ', asOf within 30 days' : ''})`,
    query: indexPeopleQuery(subgraph),
    operationName: `IndexPeople_${subgraph}`,
    variables: vars.people(PEOPLE_INDEXES[subgraph].values, level, past),
  });
  const peopleOps = (Object.keys(PEOPLE_INDEXES) as PeopleSubgraph[]).flatMap((subgraph) => [peopleOp(subgraph, 'community'), peopleOp(subgraph, 'town or district')]);
  const peoplePastOps = (Object.keys(PEOPLE_INDEXES) as PeopleSubgraph[]).map((subgraph) => peopleOp(subgraph, 'town or district', true));
  // A past instant is computed from the database (no snapshot): at district size a minute a request, so there
  // the checker's one request at a past instant stands for it.
  const latencyOps = [
    operations.dashboard,
    ...(size === 'district' ? [] : [operations.dashboardPast]),
    operations.untestedCommunity,
    operations.untestedTown,
    operations.search,
    operations.profile,
    operations.populationOnly,
    operations.workPermits,
    ...peopleOps,
    // A past instant is a minute at district size until past instants come from history (issue "Any instant as fast as now").
    ...(size === 'district' ? [] : peoplePastOps),
  ];
  // Slowest last: requests a load run leaves in flight must not run under the next operation's figures.
  const loadOps = [operations.populationOnly, operations.profile, operations.search, operations.dashboardAny];
  const slow = size === 'district';
  const latencyOptions = { warmup: slow ? 3 : 10, count: 200, budgetMs: slow ? 20_000 : 8_000, minSamples: 5 };
  const warmupSeconds = 2;

  // ---- (a) the one-process platform: single-request latency, load, RSS
  if (phases.has('latency') || phases.has('load')) {
    const profDir = path.join(WORK_DIR, 'prof');
    const platform = startTs('platform', 'gateway/main.ts', { DATABASE_URL: dbUrl, PORT: String(PORTS.onePlatform), SEED_SIZE: size }, values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []);
    await waitHealthy(platform, base(PORTS.onePlatform), slow ? 300_000 : 120_000);
    const url = `${base(PORTS.onePlatform)}/graphql`;
    for (const operation of [...latencyOps, operations.dashboardAny]) await request(url, operation, auth.bearer); // each answers without errors
    results.rss = { idleBytes: (await rssOf(platform)) ?? 0, maxBytes: 0, samples: 0 };
    if (phases.has('latency')) {
      for (const operation of latencyOps) {
        log(`latency: ${operation.label}`);
        results.latency.push(await measureLatency(url, operation, auth.bearer, latencyOptions));
      }
      if (values['no-brute-force']) results.bruteForce = 'not run (--no-brute-force).';
      else log('brute force (scripts/index-checker)…');
      if (!values['no-brute-force']) results.bruteForce = await bruteForce(dbUrl, url, auth, results.latency.find((r) => r.label === 'RegionDashboard (district)')?.medianMs ?? NaN);
    }
    if (phases.has('load')) {
      const rss = sampleRss(platform.pid);
      for (const operation of loadOps) await loadRuns('(a) one process', url, operation, auth.bearer);
      const sampled = await rss.stop();
      results.rss.maxBytes = sampled.maxBytes;
      results.rss.samples = sampled.samples;
    }
    await platform.stop();
    if (values['cpu-prof']) results.profiles.push(...(existsSync(profDir) ? readdirSync(profDir).map((f) => path.join(profDir, f)) : []));
  }

  // ---- (b) the gateway with subgraphs over HTTP, (c) Hive Gateway, (d) the population subgraph alone
  if (phases.has('load') || phases.has('latency')) {
    const remoteEnv = Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)]));
    const subgraphs: Child[] = SUBGRAPHS.map((name) => startTs(`subgraph-${name}`, `subgraphs/${name}/server.ts`, { ...remoteEnv, DATABASE_URL: dbUrl, PORT: String(PORTS[name]) }));
    for (const child of subgraphs) await waitHealthy(child, base(PORTS[child.name.replace('subgraph-', '') as (typeof SUBGRAPHS)[number]]), 120_000);
    const gateway = startTs('gateway-distributed', 'gateway/main.ts', { ...remoteEnv, DATABASE_URL: dbUrl, PORT: String(PORTS.distributedGateway) });
    await waitHealthy(gateway, base(PORTS.distributedGateway), 120_000);
    const gatewayUrl = `${base(PORTS.distributedGateway)}/graphql`;
    for (const operation of loadOps) await request(gatewayUrl, operation, auth.bearer);
    if (phases.has('latency')) {
      for (const operation of [operations.profile, operations.search, operations.dashboard]) {
        log(`latency (distributed): ${operation.label}`);
        results.latencyDistributed.push(await measureLatency(gatewayUrl, operation, auth.bearer, { ...latencyOptions, count: 100 }));
      }
    }
    if (phases.has('load')) {
      for (const operation of loadOps) await loadRuns('(b) gateway + HTTP subgraphs', gatewayUrl, operation, auth.bearer);
    }
    await gateway.stop();

    if (phases.has('load')) {
      const hive = useHive ? await hiveAvailable() : 'disabled with --no-hive';
      if (hive === true) {
        const supergraph = writeSupergraph();
        for (const [variant, port, configDir] of [
          ['(c1) Hive Gateway, default', PORTS.hiveDefault, HIVE_DIR],
          ['(c2) Hive Gateway + router-runtime', PORTS.hiveRouter, path.join(HIVE_DIR, 'router')],
        ] as const) {
          const child = startChild(`hive-${port}`, process.execPath, [HIVE_BIN, 'supergraph', supergraph, '--port', String(port)], { NODE_ENV: 'production' }, configDir);
          await waitHealthy(child, base(port), 60_000, '/healthcheck');
          const hiveUrl = `${base(port)}/graphql`;
          // Hive Gateway verifies nothing: it forwards the gateway-signed viewer header to our subgraphs served alone
          // (propagateHeaders in bench/hive/gateway.config.mjs and bench/hive/router/gateway.config.mjs).
          for (const operation of loadOps) await request(hiveUrl, operation, auth.viewer);
          for (const operation of loadOps) await loadRuns(variant, hiveUrl, operation, auth.viewer);
          await child.stop();
        }
        results.notes.push('Hive Gateway (c) verifies no client token: the benchmark sends it the gateway-signed x-platform-viewer header, which it forwards; our subgraphs verify that signature as they do behind (b). (a) and (b) also verify the client JWT and check the role and scope at the gateway.');
      } else {
        results.notes.push(`Hive Gateway not measured: ${hive}`);
      }
      const populationUrl = subgraphUrl('population');
      // A subgraph served alone believes only the gateway-signed viewer (x-platform-viewer).
      await auth.viewer.refresh();
      await request(populationUrl, operations.populationOnly, auth.viewer);
      await loadRuns('(d) population subgraph alone', populationUrl, operations.populationOnly, auth.viewer);
    }
    await Promise.all(subgraphs.map((child) => child.stop()));
  }

  // ---- lab ingest, on a throw-away copy of the database so runs do not pile samples (and cases) into it
  if (phases.has('ingest')) {
    const ingestDb = `${dbUrl}_ingest`;
    const admin = postgres(new URL('/postgres', dbUrl).toString(), { max: 1, onnotice: () => {} });
    const source = new URL(dbUrl).pathname.slice(1);
    const copyName = `${source}_ingest`;
    try {
      log(`copying ${source} to ${copyName} for the ingest runs…`);
      await admin.unsafe(`drop database if exists ${copyName} with (force)`);
      const copyStarted = performance.now();
      await admin.unsafe(`create database ${copyName} template ${source}`);
      log(`copied in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s`);
      const seed = Math.floor(Date.now() / 1000) % 1_000_000;
      results.cli = await cliIngest(ingestDb, labRows, seed, log);
      const platform = startTs('platform-ingest', 'gateway/main.ts', { DATABASE_URL: ingestDb, PORT: String(PORTS.ingestPlatform), SEED_SIZE: size });
      await waitHealthy(platform, base(PORTS.ingestPlatform), slow ? 300_000 : 120_000);
      log('mutation ingest in 5,000-row batches…');
      results.mutation = await mutationIngest(ingestDb, `${base(PORTS.ingestPlatform)}/graphql`, auth.bearer.current(), mutationRows, seed + 1, log);
      await platform.stop();
    } finally {
      await stopAll();
      await admin.unsafe(`drop database if exists ${copyName} with (force)`).catch(() => {});
      await admin.end();
    }
  }

  auth.close();
  writeReport(results);

  /** autocannon stops with requests still running in the server: wait until a fresh one gets through. */
  async function drain(url: string, operation: Operation, headers: HeaderSource): Promise<void> {
    await headers.refresh();
    await request(url, operation, headers, 180_000).catch((error: unknown) => log(`  drain: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`));
    await sleep(500);
  }

  async function loadRuns(target: string, url: string, operation: Operation, headers: HeaderSource): Promise<void> {
    await measureLoad(target, url, operation, headers, 10, warmupSeconds); // warm-up, not recorded
    await drain(url, operation, headers);
    for (const connections of connectionsList) {
      log(`load: ${target} · ${operation.label} · ${connections} connections · ${duration} s`);
      const result = await measureLoad(target, url, operation, headers, connections, duration);
      results.load.push(result);
      log(`  ${result.rps.toFixed(0)} rps, p99 ${result.p99Ms} ms${result.graphqlErrors || result.errors || result.non2xx ? `, errors ${result.graphqlErrors}/${result.errors}/${result.non2xx}` : ''}`);
      await drain(url, operation, headers);
    }
  }
}

async function rssOf(child: Child): Promise<number | null> {
  const { rssBytes } = await import('./lib/processes.js');
  return rssBytes(child.pid);
}

async function hiveAvailable(): Promise<true | string> {
  if (existsSync(HIVE_BIN)) return true;
  log('installing Hive Gateway into bench/hive (npm ci)…');
  try {
    execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: HIVE_DIR, stdio: 'ignore', timeout: 300_000 });
    return existsSync(HIVE_BIN) ? true : 'bench/hive installed without a hive-gateway binary';
  } catch (error) {
    return `npm ci in bench/hive failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The committed supergraph with its subgraph URLs pointed at this run's ports. */
function writeSupergraph(): string {
  let sdl = readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8');
  for (const name of SUBGRAPHS) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${subgraphUrl(name)}$2`);
  }
  mkdirSync(WORK_DIR, { recursive: true });
  const file = path.join(WORK_DIR, 'supergraph.graphql');
  writeFileSync(file, sdl);
  return file;
}

/**
 * The brute force of scripts/index-checker (another engineer's checker, imported by a computed path so a
 * change there cannot break this file's types): every index of the dashboard, district and towns, by
 * brute-force SQL, compared with the API at the same instant. Reports its time, the API's warm median at
 * that instant and the mismatches.
 */
/**
 * Exactness: the checker compares every index at one past instant (the API computes it from the database for
 * that instant). Speed: the brute force against the warm median of the dashboard as users ask for it (now,
 * from the live snapshot), measured in the latency phase.
 */
async function bruteForce(databaseUrl: string, gatewayUrl: string, auth: BenchAuth, presentDashboardMs: number): Promise<string> {
  const file = path.join(ROOT, 'scripts/index-checker/checker.ts');
  if (!existsSync(file)) return 'TODO: scripts/index-checker/checker.ts (scripts/check-indexes.ts) does not exist yet: brute-force timing of the dashboard not measured (the issue asks the API to be ≥ 25× faster).';
  const { createDatabase } = await import('../subgraphs/shared/db/database.js');
  const database = await createDatabase({ url: databaseUrl, maxConnections: 2 });
  try {
    const checker = (await import(file)) as { checkIndexes?: (options: Record<string, unknown>) => Promise<Record<string, any>> };
    if (typeof checker.checkIndexes !== 'function') return 'TODO: scripts/index-checker/checker.ts exports no checkIndexes(): wire the brute force into bench/run.ts (bruteForce()).';
    const result = await checker.checkIndexes({ database, url: gatewayUrl, token: auth.token, apiRepeats: 1 });
    const brute = result.bruteForce as Record<string, number>;
    const api = result.api as { medianMillis: number };
    const mismatches = (result.mismatches as unknown[]).length;
    const present = await checker.checkIndexes({ database, url: gatewayUrl, token: auth.token, present: true });
    const presentMismatches = (present.mismatches as unknown[]).length;
    return (
      `scripts/index-checker checkIndexes() at ${(result.asOf as Date).toISOString()} (a past instant: asOf given): brute-force SQL ${ms(brute.total!)} ` +
      `(population ${ms(brute.population!)}, health ${ms(brute.health!)}, permits ${ms(brute.permits!)}, cases ${ms(brute.cases!)}); ` +
      `API RegionDashboard at that past instant ${ms(api.medianMillis)}; ${result.compared} values compared, **${mismatches} mismatches**${mismatches ? ' ✘' : ' ✔'}. ` +
      `The present (no asOf, the live snapshot) at ${(present.asOf as Date).toISOString()}: ${present.compared} values compared, **${presentMismatches} mismatches**${presentMismatches ? ' ✘' : ' ✔'}. ` +
      `RegionDashboard now (warm median above) ${ms(presentDashboardMs)} → **${ratio(brute.total! / presentDashboardMs)} faster than the brute force** (target ≥ 25×: ${brute.total! / presentDashboardMs >= 25 ? '✔' : '✘'}).`
    );
  } catch (error) {
    return `TODO: calling scripts/index-checker checkIndexes() failed (${error instanceof Error ? error.message.slice(0, 300) : String(error)}); wire it into bench/run.ts (bruteForce()).`;
  } finally {
    await database.close();
  }
}

function versions(): string {
  const pkg = (name: string, dir = ROOT) => {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  let pg = 'unknown';
  try {
    pg = execSync(`psql ${results_db()} -Atc 'show server_version'`, { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    // ignore
  }
  return [
    `Node ${process.version}`,
    `PostgreSQL ${pg}`,
    `@apollo/gateway ${pkg('@apollo/gateway')}`,
    `@apollo/server ${pkg('@apollo/server')}`,
    `graphql ${pkg('graphql')}`,
    `postgres ${pkg('postgres')}`,
    `drizzle-orm ${pkg('drizzle-orm')}`,
    `autocannon ${pkg('autocannon')}`,
    `@graphql-hive/gateway ${pkg('@graphql-hive/gateway', HIVE_DIR)}`,
    `@graphql-hive/router-runtime ${pkg('@graphql-hive/router-runtime', HIVE_DIR)}`,
  ].join(', ');
}

function results_db(): string {
  return values['database-url'];
}

const TARGETS_MS: Record<string, number> = {
  'RegionDashboard (district)': 50,
  'UntestedResidents (community, first 50)': 30,
  'UntestedResidents (town, first 50)': 30,
  'SearchResidents (region + tags + age, first 20)': 30,
  ResidentProfile: 10,
  'WorkPermits (town, first 50)': 30,
  ...Object.fromEntries(
    Object.keys(PEOPLE_INDEXES).flatMap((subgraph) => [
      [`IndexPeople ${subgraph} (community, first 50)`, 50],
      [`IndexPeople ${subgraph} (town or district, first 50)`, 100],
      [`IndexPeople ${subgraph} (town or district, first 50, asOf within 30 days)`, 1000],
    ]),
  ),
};

function writeReport(results: Results): void {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  push(
    `## Size \`${size}\`: run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Command: \`${command}\``,
    '',
    `- Machine: ${os.cpus().length} cores (\`nproc\` ${execSync('nproc', { encoding: 'utf8' }).trim()}, ${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${os.type()} ${os.release()}; shared with other sessions (figures are noisy: read ratios, not absolutes).`,
    `- Versions: ${versions()}.`,
    `- Data: \`${results.databaseUrl.replace(/\/\/[^@]*@/, '//')}\`, ${results.seeded}: ${Object.entries(results.counts).map(([k, v]) => `${int(v)} ${k}`).join(', ')}.`,
    `- Variables: drawn per request from the data (random residents, towns, communities, the 12 most used tags, age ranges); every response checked for GraphQL errors. The load generator (autocannon) runs in the benchmark's own Node process on the same 2 cores.`,
    '',
  );

  if (results.latency.length) {
    push('### Single requests, warm, one at a time: (a) one-process platform on PostgreSQL', '', '| operation | median | p99 | min | samples | response bytes | target (median) | median / target |', '|---|---|---|---|---|---|---|---|');
    for (const r of results.latency) {
      const target = TARGETS_MS[r.label];
      push(`| ${r.label} | ${ms(r.medianMs)} | ${ms(r.p99Ms)} | ${ms(r.minMs)} | ${r.samples} | ${int(r.bytes)} | ${target ? `≤ ${target} ms` : ''} | ${target ? `${ratio(r.medianMs / target)}${r.medianMs <= target ? ' ✔' : ' ✘'}` : ''} |`);
    }
    push('');
    if (results.latencyDistributed.length) {
      push('Same, through (b) the gateway with subgraphs over HTTP:', '', '| operation | median | p99 | samples | vs (a) median |', '|---|---|---|---|---|');
      for (const r of results.latencyDistributed) {
        const a = results.latency.find((x) => x.label === r.label);
        push(`| ${r.label} | ${ms(r.medianMs)} | ${ms(r.p99Ms)} | ${r.samples} | ${a ? ratio(r.medianMs / a.medianMs) : ''} |`);
      }
      push('');
    }
    push(`Brute force: ${results.bruteForce}`, '');
  }

  if (results.load.length) {
    push(`### Throughput (autocannon, ${duration} s per run after a 2 s warm-up, varied variables)`, '');
    const labels = [...new Set(results.load.map((r) => r.label))];
    for (const label of labels) {
      push(`#### ${label}`, '', '| setup | connections | rps | p50 | p99 | requests | errors (GraphQL/socket/non-2xx/timeouts) | rps vs (a) |', '|---|---|---|---|---|---|---|---|');
      for (const r of results.load.filter((x) => x.label === label)) {
        const a = results.load.find((x) => x.label === label && x.connections === r.connections && x.target.startsWith('(a)'));
        push(`| ${r.target} | ${r.connections} | ${int(r.rps)} | ${r.p50Ms} ms | ${r.p99Ms} ms | ${int(r.requests)} | ${r.graphqlErrors}/${r.errors}/${r.non2xx}/${r.timeouts} | ${a ? ratio(r.rps / a.rps) : ''} |`);
      }
      push('');
    }
    push('#### Goals of issue 6', '', '| goal | connections | measured | met |', '|---|---|---|---|');
    for (const label of labels) {
      for (const connections of connectionsList) {
        const get = (prefix: string) => results.load.find((x) => x.label === label && x.connections === connections && x.target.startsWith(prefix));
        const a = get('(a)');
        const b = get('(b)');
        const hives = [get('(c1)'), get('(c2)')].filter((x): x is LoadResult => !!x);
        const bestC = hives.sort((x, y) => y.rps - x.rps)[0];
        if (a && bestC) push(`| ${label}: (a) ≥ 1.5× best of (c) [${bestC.target}] | ${connections} | ${ratio(a.rps / bestC.rps)} (${int(a.rps)} vs ${int(bestC.rps)} rps) | ${a.rps >= 1.5 * bestC.rps ? '✔' : '✘'} |`);
        if (b && bestC) push(`| ${label}: (b) ≥ 1.0× best of (c) | ${connections} | ${ratio(b.rps / bestC.rps)} (${int(b.rps)} vs ${int(bestC.rps)} rps) | ${b.rps >= bestC.rps ? '✔' : '✘'} |`);
        const d = get('(d)');
        if (a && d) push(`| ${label}: (a) ≥ 0.5× (d) the owning subgraph alone | ${connections} | ${ratio(a.rps / d.rps)} (${int(a.rps)} vs ${int(d.rps)} rps) | ${a.rps >= 0.5 * d.rps ? '✔' : '✘'} |`);
      }
    }
    push('');
  }

  if (results.rss) {
    push('### Memory of the one-process platform', '', `RSS (VmRSS of /proc/<pid>/status, sampled every 200 ms during all (a) load runs, ${results.rss.samples} samples): idle after warm-up ${mb(results.rss.idleBytes)}, max under load ${results.rss.maxBytes ? mb(results.rss.maxBytes) : 'n/a'}; target ≤ 600 MB: ${results.rss.maxBytes ? `${ratio(results.rss.maxBytes / (600 * 1024 * 1024))} of it ${results.rss.maxBytes <= 600 * 1024 * 1024 ? '✔' : '✘'}` : 'n/a'}.`, '');
  }

  if (results.cli || results.mutation) {
    push('### Lab ingest (on a throw-away copy of the database)', '', '| path | rows | time | rows/s | vs bare COPY | target |', '|---|---|---|---|---|---|');
    if (results.cli) {
      const c = results.cli;
      const importSeconds = c.importReportedSeconds ?? c.importWallSeconds;
      push(
        `| bare \`\\copy\` into an unindexed all-text table (psql) | ${int(c.rows)} | ${c.copySeconds.toFixed(2)} s | ${int(c.rows / c.copySeconds)} | 1.00× | |`,
        `| \`npm run import:lab\` (as reported by it; process wall ${c.importWallSeconds.toFixed(1)} s) | ${int(c.rows)} | ${importSeconds.toFixed(1)} s | ${int(c.rows / importSeconds)} | ${ratio(c.copySeconds / importSeconds)} | ≥ 0.30× ${c.copySeconds / importSeconds >= 0.3 ? '✔' : '✘'} |`,
      );
    }
    if (results.mutation) {
      const m = results.mutation;
      push(`| \`submitNucleicAcidResults\` through (a), ${m.batches} batches of 5,000, one at a time (median batch ${ms(m.medianBatchMs)}) | ${int(m.rows)} | ${m.seconds.toFixed(1)} s | ${int(m.rowsPerSecond)} | ${results.cli ? ratio(m.rowsPerSecond / (results.cli.rows / results.cli.copySeconds)) : ''} | ≥ 20,000 rows/s ${m.rowsPerSecond >= 20_000 ? '✔' : '✘'} |`);
    }
    if (results.cli) push('', `File: ${(results.cli.fileBytes / 1024 / 1024).toFixed(0)} MB generated in ${results.cli.generateSeconds.toFixed(1)} s by \`npm run generate:lab-file\` (~1% invalid, ~2% unmatched rows). import:lab said: ${results.cli.summary.replace(/\n/g, ' ')}`);
    push('');
  }
  if (results.profiles.length) push('CPU profiles written: ' + results.profiles.map((p) => `\`${path.relative(ROOT, p)}\``).join(', '), '');
  for (const note of results.notes) push(`Note: ${note}`, '');

  const resultsDir = path.join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${resultsName}.md`), lines.join('\n'));
  assembleResults();
  log(`wrote bench/results/${resultsName}.md and bench/RESULTS.md`);
}

superviseRun(values['report-only'] ? async () => assembleResults() : main, timeoutMin, log);
