/**
 * npm run faults -- [--soak-min 10] [--clients 8] [--lab-rows 300000]
 *
 * The fault run: the platform in distributed mode (gateway + four subgraphs served alone, each its own process) on
 * a PostgreSQL cluster of its own (initdb in a temporary folder, a free port: the machine's server is never
 * touched), seeded with the demo data set, under steady load from `--clients` clients through the gateway (reads
 * spanning all four subgraphs, and registrations). One after another it kills a subgraph and restarts it, stops
 * and starts PostgreSQL, kills a lab import mid-file and runs it again, sends SIGTERM to a subgraph under load, then
 * soaks. It writes bench/FAULTS.md: per fault the errors clients saw (by code), the time to recover, and the rows
 * lost and duplicated, counted in the database against what was acknowledged; for the soak RSS and p99 at its
 * start and end. Not part of `npm test` (it takes the soak plus a few minutes).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { benchAuth } from '../bench/lib/auth.js';
import { killAllNow, LOG_DIR, ROOT, rssBytes, runCommand, sleep, startChild, startTs, stopAll, waitHealthy, type Child } from '../bench/lib/processes.js';
import { mb, percentile } from '../bench/lib/stats.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/config.js';
import { withCheckCharacter } from '../subgraphs/shared/identity.js';

const { values: options } = parseArgs({
  options: { 'soak-min': { type: 'string', default: '10' }, clients: { type: 'string', default: '8' }, 'lab-rows': { type: 'string', default: '300000' } },
  strict: true,
});
const SOAK_MINUTES = Number(options['soak-min']);
const CLIENTS = Number(options.clients);
const LAB_ROWS = Number(options['lab-rows']);

// ── Our own PostgreSQL cluster ──

interface Cluster {
  url: string;
  start(): void;
  stop(): void;
  remove(): Promise<void>;
}

/** Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root). */
function pgTool(bin: string, tool: string, args: string[]): string {
  const command = path.join(bin, tool);
  const asUser = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(asUser[0] as string, asUser[1] as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function ownCluster(): Promise<Cluster> {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('No PostgreSQL under /usr/lib/postgresql: install the server package (initdb, pg_ctl).');
  const bin = `/usr/lib/postgresql/${versions[0]}/bin`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'faults-pg-'));
  await chmod(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  pgTool(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const start = () =>
    void pgTool(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  start();
  pgTool(bin, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'faults']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/faults`,
    start,
    // Immediate: as a crash (no checkpoint, connections cut); the start replays the WAL.
    stop: () => void pgTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    async remove() {
      try {
        pgTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // not running
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// ── The platform's processes ──

interface Platform {
  gatewayUrl: string;
  children: Map<string, Child>;
  startSubgraph(name: SubgraphName): Promise<Child>;
  /** Stops a child on purpose (the fault run's own signals are not crashes). */
  expectExit(name: string): void;
  /** Processes that exited without being told to, restarted as an orchestrator would. */
  crashes: Crash[];
}

interface Crash {
  name: string;
  phase: string;
  code: number | null;
  /** The first line of the error it died with (its log's last lines). */
  error: string;
  restartedInMillis: number | null;
}

async function startPlatform(databaseUrl: string): Promise<Platform> {
  const ports = Object.fromEntries(await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(async (name) => [name, await freePort()]))) as Record<string, number>;
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`]));
  const common = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...urls };
  const children = new Map<string, Child>();
  const expected = new Set<string>();
  const crashes: Crash[] = [];
  let starts = 0;
  // An unexpected exit is recorded and the process started again, as a process supervisor (systemd, Kubernetes) would.
  const supervise = (name: string, child: Child, restart: () => Promise<Child>) => {
    void child.exited.then(async (code) => {
      if (expected.delete(name) || stopping) return;
      const log = (await readFile(path.join(LOG_DIR, `${child.name}.log`), 'utf8').catch(() => '')).split('\n');
      const error = log.find((line) => /^\w*Error\b|^\s*\w+Error:/.test(line))?.trim() ?? `exit code ${code}`;
      const crash: Crash = { name, phase: currentPhase, code, error, restartedInMillis: null };
      crashes.push(crash);
      console.error(`${name} exited by itself (${error}); restarting it`);
      // A subgraph refuses to start while its database is away (it migrates first): try again each second, for 2 min.
      const started = Date.now();
      while (!stopping && Date.now() - started < 120_000) {
        try {
          await restart();
          crash.restartedInMillis = Date.now() - started;
          return;
        } catch {
          await sleep(1_000);
        }
      }
    });
  };
  const startSubgraph = async (name: SubgraphName): Promise<Child> => {
    const child = startTs(`${name}.${++starts}`, `subgraphs/${name}/server.ts`, { ...common, PORT: String(ports[name]) });
    children.set(name, child);
    await waitHealthy(child, `http://127.0.0.1:${ports[name]}`, 60_000, '/ready');
    supervise(name, child, () => startSubgraph(name));
    return child;
  };
  await Promise.all(SUBGRAPH_NAMES.map(startSubgraph));
  const startGateway = async (): Promise<Child> => {
    const gateway = startTs(`gateway.${++starts}`, 'gateway/main.ts', { ...common, PORT: String(ports.gateway) });
    children.set('gateway', gateway);
    await waitHealthy(gateway, `http://127.0.0.1:${ports.gateway}`, 120_000, '/ready');
    supervise('gateway', gateway, startGateway);
    return gateway;
  };
  await startGateway();
  return { gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`, children, startSubgraph, expectExit: (name) => expected.add(name), crashes };
}

/** The phase the load is in (for crash reports), and whether the run is shutting everything down. */
let currentPhase = 'warm-up';
let stopping = false;

// ── Load ──

interface Sample {
  at: number;
  millis: number;
  ok: boolean;
}

/** A registration the load sent, and what the client was told. */
interface Registration {
  idNumber: string;
  phase: string;
  outcome: 'acknowledged' | 'refused' | 'unknown';
}

const PROFILE = `query FaultProfile($id: ID!) {
  resident(id: $id) { id name community { code } healthCode { color } workPermits { id status } positiveCase { id status } }
}`;
const REGISTER = `mutation FaultRegister($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`;

class Load {
  phase = 'warm-up';
  readonly errors = new Map<string, Map<string, number>>();
  readonly samples: Sample[] = [];
  readonly registrations: Registration[] = [];
  private stopped = false;
  private running: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly residentIds: readonly number[],
    private readonly communities: readonly string[],
  ) {}

  start(clients: number): void {
    this.running = Array.from({ length: clients }, (_, i) => this.client(i));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  /** One request: whether it was answered without errors; errors are counted under the current phase. */
  async send(query: string, variables: Record<string, unknown>): Promise<{ ok: boolean; data?: any; codes: string[] }> {
    const started = performance.now();
    let codes: string[];
    let data: any;
    try {
      const response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json', ...this.headers }, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(20_000) });
      const text = await response.text();
      let body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      data = body?.data;
      codes = body ? [...new Set((body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN'))] : [`HTTP_${response.status}`];
    } catch (error) {
      const cause = (error as { cause?: { code?: string }; name?: string }).cause?.code ?? (error as { name?: string }).name ?? 'ERROR';
      codes = [`NETWORK_${cause}`];
    }
    const ok = codes.length === 0;
    this.samples.push({ at: Date.now(), millis: performance.now() - started, ok });
    const byCode = this.errors.get(this.phase) ?? new Map<string, number>();
    for (const code of codes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    this.errors.set(this.phase, byCode);
    return { ok, data, codes };
  }

  private async client(index: number): Promise<void> {
    let n = 0;
    while (!this.stopped) {
      n++;
      if (n % 5 === 0) await this.register(index);
      else await this.send(PROFILE, { id: String(this.residentIds[(index * 7919 + n * 104729) % this.residentIds.length]) });
      await sleep(20);
    }
  }

  /** Registers a new resident with a unique identity number (born 1900-1909: no seeded resident is that old). */
  async register(index: number): Promise<void> {
    const seq = ++this.sequence;
    const birth = new Date(Date.UTC(1900, 0, 1) + (seq % 3650) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const serial = String(Math.floor(seq / 3650) % 1000).padStart(3, '0');
    const idNumber = withCheckCharacter(`310118${birthDate.replace(/-/g, '')}${serial}`);
    const gender = Number(serial[2]) % 2 === 1 ? 'MALE' : 'FEMALE';
    const phase = this.phase;
    const { ok, codes } = await this.send(REGISTER, {
      input: { name: `Fault ${seq}`, idNumber, phone: '13900000000', residencyType: 'FLOATING', communityCode: this.communities[(index + seq) % this.communities.length], address: `Lane ${seq}`, gender, birthDate },
    });
    // A refusal is the database saying no (it stored nothing); anything else unanswered may or may not have been stored.
    const refused = codes.some((code) => code === 'SERVICE_UNAVAILABLE' || code === 'BAD_USER_INPUT' || code === 'CONFLICT');
    this.registrations.push({ idNumber, phase, outcome: ok ? 'acknowledged' : refused ? 'refused' : 'unknown' });
  }
}

// ── Faults ──

interface FaultResult {
  name: string;
  what: string;
  errors: Map<string, number>;
  recoverMillis: number | null;
  notes: string[];
  lost?: number;
  duplicated?: number;
}

/** Time from now until `probe` succeeds (polled every 100 ms), or null after `timeoutMs`. */
async function timeUntil(probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  return null;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  console.error('Starting an own PostgreSQL cluster…');
  const cluster = await ownCluster();
  const cleanup = () => {
    killAllNow();
    void cluster.remove();
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    console.error(`PostgreSQL at ${cluster.url}; seeding the demo data set…`);
    const seeded = await runCommand('seed', process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--size', 'demo'], { DATABASE_URL: cluster.url }, 15 * 60_000);
    if (seeded.code !== 0) throw new Error(`seed failed:\n${seeded.stderr.slice(-2000)}`);
    const sql = postgres(cluster.url, { max: 2, onnotice: () => {} });
    const residentIds = (await sql<{ id: number }[]>`select id from population.residents order by id limit 5000`).map((r) => Number(r.id));
    const communities = (await sql<{ code: string }[]>`select code from population.regions where level = 'COMMUNITY' order by code limit 50`).map((r) => r.code);

    console.error('Starting the gateway and four subgraphs…');
    const platform = await startPlatform(cluster.url);
    const auth = await benchAuth(24 * 3600);
    const load = new Load(platform.gatewayUrl, auth.bearer.current() as Record<string, string>, residentIds, communities);
    const probeRead = async () => (await load.send(PROFILE, { id: String(residentIds[0]) })).ok;
    load.start(CLIENTS);
    await sleep(10_000);
    const results: FaultResult[] = [];
    const phase = async (name: string, what: string, run: (result: FaultResult) => Promise<void>) => {
      console.error(`Fault: ${name}…`);
      load.phase = currentPhase = name;
      const result: FaultResult = { name, what, errors: new Map(), recoverMillis: null, notes: [] };
      await run(result);
      await sleep(5_000); // the load runs on after recovery: errors after it would show here too
      result.errors = load.errors.get(name) ?? new Map();
      results.push(result);
    };

    // 1. A subgraph killed (SIGKILL) and started again.
    await phase('subgraph killed', 'SIGKILL to the health subgraph; 5 s down; started again', async (result) => {
      const health = platform.children.get('health')!;
      platform.expectExit('health');
      process.kill(health.pid, 'SIGKILL');
      await health.exited;
      await sleep(5_000);
      const restarted = Date.now();
      await platform.startSubgraph('health');
      result.recoverMillis = (await timeUntil(probeRead)) === null ? null : Date.now() - restarted;
      result.notes.push('recovery: from the restart command until a request spanning all four subgraphs is answered without errors (includes the process start)');
    });

    // 2. PostgreSQL stopped (immediate, like a crash) and started again.
    await phase('PostgreSQL stopped', 'pg_ctl stop -m immediate under load; 5 s down; pg_ctl start', async (result) => {
      cluster.stop();
      await sleep(5_000);
      cluster.start();
      const started = Date.now();
      const probeWrite = async () => {
        await load.register(0);
        return load.registrations.at(-1)!.outcome === 'acknowledged';
      };
      const read = await timeUntil(probeRead);
      const write = await timeUntil(probeWrite);
      result.recoverMillis = read === null || write === null ? null : Date.now() - started;
      result.notes.push('recovery: from PostgreSQL accepting connections again until a read and a registration both succeed');
    });

    // 3. A lab import killed mid-file, then run again.
    await phase('lab import killed', `npm run import:lab of ${LAB_ROWS.toLocaleString('en-US')} rows killed (SIGKILL) mid-file, then run again`, async (result) => {
      const file = path.join(os.tmpdir(), `faults-lab-${process.pid}.csv`);
      const generated = await runCommand('generate-lab-file', process.execPath, ['--import', 'tsx', 'scripts/generate-lab-file.ts', '--rows', String(LAB_ROWS), '--out', file, '--unmatched', '0', '--invalid', '0', '--pooled', '0', '--seed', '77'], { DATABASE_URL: cluster.url }, 10 * 60_000);
      if (generated.code !== 0) throw new Error(`generate-lab-file failed:\n${generated.stderr.slice(-2000)}`);
      const barcodes = (await readFile(file, 'utf8')).split('\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]!);
      const first = startChild('import-killed', process.execPath, ['--import', 'tsx', 'scripts/import-lab-file.ts', file], { DATABASE_URL: cluster.url });
      // Mid-file: while it merges the staged rows into health's tables (some samples stored, not all).
      const log = path.join(LOG_DIR, 'import-killed.log');
      const progressed = await timeUntil(async () => (await readFile(log, 'utf8').catch(() => '')).includes('merged '), 300_000);
      const exitedAlready = first.process.exitCode !== null;
      process.kill(first.pid, 'SIGKILL');
      await first.exited;
      result.notes.push(exitedAlready ? 'the first run had finished before the kill (a larger --lab-rows would catch it mid-file)' : `killed ${((progressed ?? 0) / 1000).toFixed(1)} s into the file, at its progress line "${(await readFile(log, 'utf8')).trim().split('\n').at(-1)}"`);
      const [partial] = await sql<{ n: number }[]>`select count(*)::int as n from health.samples where barcode = any(${barcodes})`;
      result.notes.push(`samples stored when killed: ${partial!.n.toLocaleString('en-US')} of ${barcodes.length.toLocaleString('en-US')}`);
      const rerunStarted = Date.now();
      const rerun = await runCommand('import-rerun', process.execPath, ['--import', 'tsx', 'scripts/import-lab-file.ts', file], { DATABASE_URL: cluster.url }, 20 * 60_000);
      if (rerun.code !== 0) throw new Error(`the second import failed:\n${rerun.stderr.slice(-2000)}`);
      result.recoverMillis = Date.now() - rerunStarted;
      result.notes.push(`second run: ${rerun.stdout.trim().split('\n').at(-1)}`);
      result.notes.push('recovery: the second run, to completion');
      const [stored] = await sql<{ rows: number; distinct: number }[]>`
        select count(*)::int as rows, count(distinct barcode)::int as distinct from health.samples where barcode = any(${barcodes})`;
      const [events] = await sql<{ rows: number; distinct: number }[]>`
        select count(*)::int as rows, count(distinct payload->>'barcode')::int as distinct from health.outbox
        where topic = 'sample.individual-positive' and payload->>'barcode' = any(${barcodes})`;
      result.lost = barcodes.length - stored!.distinct;
      result.duplicated = stored!.rows - stored!.distinct + (events!.rows - events!.distinct);
      result.notes.push(`samples: ${stored!.rows.toLocaleString('en-US')} rows for ${barcodes.length.toLocaleString('en-US')} barcodes; positive-result events: ${events!.rows} for ${events!.distinct} barcodes`);
      await rm(file, { force: true });
    });

    // 4. SIGTERM to a subgraph under load: it drains and exits 0; no request in flight is cut.
    await phase('SIGTERM under load', 'SIGTERM to the population subgraph under load; started again once it exited', async (result) => {
      const population = platform.children.get('population')!;
      const resetsBefore = await fetchErrors(platform.gatewayUrl, 'population', 'reset');
      const sent = Date.now();
      platform.expectExit('population');
      process.kill(population.pid, 'SIGTERM');
      const code = await population.exited;
      result.notes.push(`exit code ${code} after ${Date.now() - sent} ms (must be 0)`);
      result.notes.push(
        `gateway fetches from population that failed on a reset connection (after the one retry queries get): ${(await fetchErrors(platform.gatewayUrl, 'population', 'reset')) - resetsBefore}` +
          ' (a request the gateway sent on an idle keep-alive connection as the draining subgraph closed it; requests the subgraph had received were all answered)',
      );
      const restarted = Date.now();
      await platform.startSubgraph('population');
      result.recoverMillis = (await timeUntil(probeRead)) === null ? null : Date.now() - restarted;
      result.notes.push('recovery: from the restart command until a request spanning all four subgraphs is answered without errors');
    });

    // 5. The soak.
    load.phase = currentPhase = 'soak';
    const soakStarted = Date.now();
    const rss = async () => {
      const sizes = await Promise.all([...platform.children.entries()].map(async ([name, child]) => [name, (await rssBytes(child.pid)) ?? 0] as const));
      return new Map(sizes);
    };
    console.error(`Soak: ${SOAK_MINUTES} min…`);
    const rssStart = await rss();
    const rssSeries: number[] = [];
    while (Date.now() - soakStarted < SOAK_MINUTES * 60_000) {
      await sleep(10_000);
      rssSeries.push([...(await rss()).values()].reduce((a, b) => a + b, 0));
    }
    const rssEnd = await rss();
    const soakEnded = Date.now();
    const window = Math.min(60_000, (soakEnded - soakStarted) / 3);
    const p99 = (from: number, to: number) => percentile(load.samples.filter((s) => s.at >= from && s.at < to).map((s) => s.millis).sort((a, b) => a - b), 99);
    const soakRequests = load.samples.filter((s) => s.at >= soakStarted && s.at < soakEnded);
    await load.stop();

    // Integrity: every acknowledged registration stored once, published once, known to each consumer once.
    console.error('Checking rows (waiting for the consumers to catch up)…');
    const sentIds = load.registrations.map((r) => r.idNumber);
    const stored = await sql<{ id_number: string; id: number }[]>`select id_number, id from population.residents where id_number = any(${sentIds})`;
    const storedIds = stored.map((r) => Number(r.id));
    const caughtUp = await timeUntil(async () => {
      const [health] = await sql<{ n: number }[]>`select count(*)::int as n from health.people where resident_id = any(${storedIds})`;
      const [cases] = await sql<{ n: number }[]>`select count(distinct resident_id)::int as n from cases.residence_periods where resident_id = any(${storedIds})`;
      const [permits] = await sql<{ n: number }[]>`select count(distinct resident_id)::int as n from permits.residence_periods where resident_id = any(${storedIds})`;
      return health!.n === storedIds.length && cases!.n === storedIds.length && permits!.n === storedIds.length;
    }, 60_000);
    const byIdNumber = new Map(stored.map((r) => [r.id_number, Number(r.id)]));
    const perPhase = new Map<string, { acknowledged: number; unknown: number; lost: number; duplicated: number; storedUnknown: number }>();
    const [dupResidents] = await sql<{ n: number }[]>`select (count(*) - count(distinct id_number))::int as n from population.residents where id_number = any(${sentIds})`;
    const dupEvents = await sql<{ resident_id: string; n: number }[]>`
      select payload->>'residentId' as resident_id, count(*)::int as n from population.outbox
      where topic = 'resident.registered' and (payload->>'residentId')::bigint = any(${storedIds}) group by 1 having count(*) > 1`;
    const dupPeriods = await sql<{ n: number }[]>`
      select count(*)::int as n from (select resident_id from cases.residence_periods where resident_id = any(${storedIds}) group by 1 having count(*) > 1
        union all select resident_id from permits.residence_periods where resident_id = any(${storedIds}) group by 1 having count(*) > 1) d`;
    for (const registration of load.registrations) {
      const entry = perPhase.get(registration.phase) ?? { acknowledged: 0, unknown: 0, lost: 0, duplicated: 0, storedUnknown: 0 };
      const id = byIdNumber.get(registration.idNumber);
      if (registration.outcome === 'acknowledged') {
        entry.acknowledged++;
        if (id === undefined) entry.lost++;
      }
      if (registration.outcome === 'unknown') {
        entry.unknown++;
        if (id !== undefined) entry.storedUnknown++;
      }
      if (registration.outcome === 'refused' && id !== undefined) entry.duplicated++; // refused yet stored would be a lie
      perPhase.set(registration.phase, entry);
    }
    const consumersNote = caughtUp === null ? 'the consumers did NOT catch up within 60 s' : `health, cases and permits knew every stored registration ${(caughtUp / 1000).toFixed(1)} s after the load stopped`;
    await sql.end();

    // Stop everything: the gateway and subgraphs by SIGTERM (each must exit 0).
    const exits: string[] = [];
    stopping = true;
    for (const [name, child] of platform.children) {
      if (child.process.exitCode === null && child.process.signalCode === null) process.kill(child.pid, 'SIGTERM');
      exits.push(`${name} ${await child.exited}`);
    }
    await stopAll();

    const totalSamples = load.samples.length;
    const rows = (name: string) => perPhase.get(name) ?? { acknowledged: 0, unknown: 0, lost: 0, duplicated: 0, storedUnknown: 0 };
    const lines: string[] = [];
    lines.push('# Fault run', '');
    lines.push(`\`npm run faults -- --soak-min ${SOAK_MINUTES} --clients ${CLIENTS} --lab-rows ${LAB_ROWS}\`, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} CPUs, ${mb(os.totalmem())} memory.`, '');
    lines.push(
      'Distributed mode: the gateway and the four subgraphs each in its own process, on one PostgreSQL database of a cluster this run',
      `started itself (initdb in a temporary folder, PostgreSQL ${readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0]}), seeded with the demo data set.`,
      `${CLIENTS} clients send requests through the gateway without pause (20 ms apart): four in five read a resident's profile from all`,
      'four subgraphs, one in five registers a new resident (a write whose event health, cases and permits consume). Errors are the',
      'distinct `extensions.code`s of each answer (or `NETWORK_<cause>` when none came), counted per request, from the fault until 5 s',
      'after recovery. Rows: every registration the client was told succeeded must be stored once, published once and known to each',
      'consumer once; for the lab import, every row of the file must be one sample and each positive result one event.',
      '',
    );
    lines.push('| fault | what | errors clients saw (requests, by code) | recovered in | rows lost | rows duplicated |', '|---|---|---|---|---|---|');
    for (const result of results) {
      const registration = rows(result.name);
      const lost = (result.lost ?? 0) + registration.lost;
      const duplicated = (result.duplicated ?? 0) + registration.duplicated;
      const errors = [...result.errors.entries()].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
      lines.push(`| ${result.name} | ${result.what} | ${errors} | ${result.recoverMillis === null ? 'NOT RECOVERED' : `${(result.recoverMillis / 1000).toFixed(1)} s`} | ${lost} | ${duplicated} |`);
    }
    lines.push('');
    for (const result of results) {
      const registration = rows(result.name);
      lines.push(`**${result.name}.** ${result.notes.join('; ')}. Registrations during it: ${registration.acknowledged} acknowledged (${registration.lost} missing), ${registration.unknown} unanswered (${registration.storedUnknown} of them stored: the client could not know).`, '');
    }
    const soakErrors = [...(load.errors.get('soak') ?? new Map()).entries()].map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
    const sum = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);
    lines.push(`## Soak (${SOAK_MINUTES} min)`, '');
    lines.push(`${soakRequests.length.toLocaleString('en-US')} requests (${(soakRequests.length / ((soakEnded - soakStarted) / 1000)).toFixed(0)}/s), errors: ${soakErrors}; registrations: ${rows('soak').acknowledged} acknowledged, ${rows('soak').lost} lost, ${rows('soak').duplicated} duplicated.`, '');
    lines.push('| | start | end |', '|---|---|---|');
    lines.push(`| p99 latency (first / last ${(window / 1000).toFixed(0)} s) | ${p99(soakStarted, soakStarted + window).toFixed(0)} ms | ${p99(soakEnded - window, soakEnded).toFixed(0)} ms |`);
    lines.push(`| RSS, all five processes | ${mb(sum(rssStart))} | ${mb(sum(rssEnd))} |`);
    for (const name of rssStart.keys()) lines.push(`| RSS, ${name} | ${mb(rssStart.get(name)!)} | ${mb(rssEnd.get(name) ?? 0)} |`);
    lines.push('', `RSS of all five every 10 s: ${rssSeries.map((b) => mb(b).replace(' MB', '')).join(', ')} MB.`, '');
    lines.push('## Processes that died by themselves', '');
    if (platform.crashes.length === 0) lines.push('None: every exit was one this run caused.', '');
    for (const crash of platform.crashes) {
      lines.push(`- **${crash.name}** during "${crash.phase}" (exit code ${crash.code}): \`${crash.error}\`; started again and ready in ${crash.restartedInMillis === null ? 'n/a' : `${(crash.restartedInMillis / 1000).toFixed(1)} s`}.`);
    }
    if (platform.crashes.some((crash) => crash.error.includes("reading 'write'"))) {
      lines.push(
        '',
        "`Cannot read properties of null (reading 'write')` is a defect of postgres.js 3.4.9, the newest release (porsager/postgres#1154,",
        '#1208; fixes proposed, not released): a write it deferred with setImmediate runs after the connection closed and throws where',
        'nothing can catch it, so the process dies. It strikes when connections drop under load, as when PostgreSQL stops.',
      );
    }
    if (platform.crashes.length > 0) lines.push('');
    lines.push('## Totals', '');
    lines.push(`${totalSamples.toLocaleString('en-US')} requests; ${load.registrations.length} registrations sent. Duplicates across the whole run: ${dupResidents!.n} residents with the same identity number, ${dupEvents.length} residents registered twice in population.outbox, ${dupPeriods[0]!.n} residents with two residence periods in a consumer. ${consumersNote}. Exit codes after the final SIGTERM: ${exits.join(', ')}.`, '');
    await writeFile(path.join(ROOT, 'bench/FAULTS.md'), lines.join('\n'));
    console.error(lines.join('\n'));
    console.error('\nWrote bench/FAULTS.md');
  } finally {
    killAllNow();
    await cluster.remove();
  }
}

/** gateway_subgraph_fetch_errors_total{subgraph, reason} from the gateway's /metrics. */
async function fetchErrors(gatewayUrl: string, subgraph: string, reason: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_subgraph_fetch_errors_total{') && l.includes(`subgraph="${subgraph}"`) && l.includes(`reason="${reason}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  killAllNow();
  process.exit(1);
});
