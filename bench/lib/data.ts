/**
 * The benchmark's own PostgreSQL database (bench_<size>, never the shared
 * `test` one): created, migrated and seeded when missing or not at the
 * requested size, reused otherwise; and the pools of real values the
 * operations' variables are drawn from.
 */
import postgres from 'postgres';
import { runCommand } from './processes.js';
import { pick, prng } from './stats.js';

export const EXPECTED_RESIDENTS = { test: 2_000, demo: 20_000, district: 1_270_000 } as const;
export type Size = keyof typeof EXPECTED_RESIDENTS;

export function databaseUrlFor(serverUrl: string, size: Size): string {
  const url = new URL(serverUrl);
  url.pathname = `/bench_${size}`;
  return url.toString();
}

export interface Prepared {
  url: string;
  seeded: 'reused' | 'seeded';
  seedSeconds?: number;
  counts: Counts;
}

export type Counts = Record<'residents' | 'households' | 'samples' | 'doses' | 'scans' | 'enterprises' | 'workPermits' | 'cases', number>;

/**
 * Creates bench_<size> if needed and seeds it unless it already holds that data set; `fresh`: seeds it again
 * from scratch anyway (what a database just seeded costs is itself measured).
 */
export async function prepareDatabase(serverUrl: string, size: Size, log: (m: string) => void, fresh = false): Promise<Prepared> {
  const url = databaseUrlFor(serverUrl, size);
  const admin = postgres(new URL('/postgres', serverUrl).toString(), { max: 1, onnotice: () => {} });
  try {
    const name = new URL(url).pathname.slice(1);
    const [exists] = await admin`select 1 as one from pg_database where datname = ${name}`;
    if (!exists) {
      log(`creating database ${name}`);
      await admin.unsafe(`create database ${name}`);
    }
  } finally {
    await admin.end();
  }
  let counts = await countRows(url);
  if (!fresh && counts.residents === EXPECTED_RESIDENTS[size] && counts.samples > 0 && counts.enterprises > 0 && counts.cases > 0) {
    log(`reusing ${url}: ${counts.residents.toLocaleString('en-US')} residents already seeded`);
    return { url, seeded: 'reused', counts };
  }
  log(`seeding "${size}" into ${url} (found ${counts.residents} residents)…`);
  const result = await runCommand('seed', process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--size', size, '--reset'], { DATABASE_URL: url }, size === 'district' ? 20 * 60_000 : 5 * 60_000);
  if (result.code !== 0) throw new Error(`seeding failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  log(result.stdout.trim());
  counts = await countRows(url);
  return { url, seeded: 'seeded', seedSeconds: result.millis / 1000, counts };
}

async function countRows(url: string): Promise<Counts> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const count = async (table: string): Promise<number> => {
    try {
      const [row] = await sql.unsafe(`select count(*)::int as n from ${table}`);
      return Number(row!.n);
    } catch {
      return 0; // not migrated yet
    }
  };
  try {
    return {
      residents: await count('population.residents'),
      households: await count('population.households'),
      samples: await count('health.samples'),
      doses: await count('health.doses'),
      scans: await count('health.scans'),
      enterprises: await count('permits.enterprises'),
      workPermits: await count('permits.work_permits'),
      cases: await count('cases.positive_cases'),
    };
  } finally {
    await sql.end();
  }
}

export interface Pools {
  districtCode: string;
  towns: string[];
  communities: string[];
  residentIds: string[];
  /** Tag codes with at least a handful of current holders, most frequent first. */
  tags: string[];
}

/** Real values to draw variables from: random residents, every town and community, the tags in use. */
export async function loadPools(url: string, residents = 5_000): Promise<Pools> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const regions = await sql<{ code: string; level: string }[]>`select code, level::text as level from population.regions order by code`;
    const [bounds] = await sql<{ lo: string; hi: string }[]>`select min(id)::text as lo, max(id)::text as hi from population.residents`;
    // Dense identity ids: draw uniformly between bounds, keep those that exist.
    const random = prng(7);
    const lo = Number(bounds!.lo);
    const hi = Number(bounds!.hi);
    const candidates = Array.from({ length: residents * 2 }, () => lo + Math.floor(random() * (hi - lo + 1)));
    const found = await sql<{ id: string }[]>`select id::text as id from population.residents where id = any(${candidates}::bigint[]) limit ${residents}`;
    const tags = await sql<{ code: string }[]>`
      select tag_code as code from population.resident_tags where untagged_at is null
      group by tag_code having count(*) >= 5 order by count(*) desc`;
    return {
      districtCode: regions.find((r) => r.level === 'DISTRICT')!.code,
      towns: regions.filter((r) => r.level === 'TOWN').map((r) => r.code),
      communities: regions.filter((r) => r.level === 'COMMUNITY').map((r) => r.code),
      residentIds: found.map((r) => r.id),
      tags: tags.map((t) => t.code),
    };
  } finally {
    await sql.end();
  }
}

/** Variable generators for each benchmarked operation (varied, as architecture.md advises). */
export function variableMakers(pools: Pools, seed = 1) {
  const random = prng(seed);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  /** A random index of the subgraph's list, for a region of the level; past: an instant within the last 30 days. */
  const people = (indexes: readonly string[], level: 'community' | 'town or district', past = false) => () => ({
    code: level === 'community' ? pick(random, pools.communities) : random() < 0.25 ? pools.districtCode : pick(random, pools.towns),
    index: pick(random, indexes),
    first: 50,
    ...(past ? { asOf: hoursAgo(1 + Math.floor(random() * 719)) } : {}),
  });
  return {
    people,
    workPermitsTown: () => ({ code: pick(random, pools.towns), first: 50, ...(random() < 0.5 ? { status: ['PENDING'] } : {}) }),
    residentProfile: () => ({ id: pick(random, pools.residentIds) }),
    populationOnly: () => ({ id: pick(random, pools.residentIds) }),
    dashboardDistrict: () => ({ code: pools.districtCode }),
    dashboardDistrictPast: () => ({ code: pools.districtCode, asOf: hoursAgo(1 + Math.floor(random() * 167)) }),
    dashboardAny: () => ({ code: random() < 0.25 ? pools.districtCode : pick(random, pools.towns) }),
    untestedCommunity: () => ({ code: pick(random, pools.communities), withinHours: 72, first: 50 }),
    untestedTown: () => ({ code: pick(random, pools.towns), withinHours: 72, first: 50 }),
    search: () => {
      const ageMin = Math.floor(random() * 70);
      const tagCount = random() < 0.7 ? 1 : 2;
      const tagsAny = Array.from(new Set(Array.from({ length: tagCount }, () => pick(random, pools.tags.slice(0, 12)))));
      return {
        filter: {
          regionCode: random() < 0.5 ? pick(random, pools.towns) : pick(random, pools.communities),
          tagsAny,
          ageMin,
          ageMax: ageMin + 10 + Math.floor(random() * 30),
        },
        first: 20,
      };
    },
  };
}
