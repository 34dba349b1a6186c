/**
 * Gathers, set-based, every per-resident fact the health rules and the health
 * indexes need at an instant T: for the residents living in some regions at T,
 * or for given residents. SQL only collects facts as recorded at T; the rules
 * (rules.ts, vaccination.rules.ts) decide what they mean, so a code shown on a
 * profile and a code counted in a statistic can never disagree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { activeCaseStarts, quarantineStarts } from './case-conditions.js';
import { homeObservationStarts } from '../observation/observation.rules.js';
import { exemptResidentIds } from '../exemption/exemption.queries.js';
import { scans } from '../db.js';
import { abnormalScan, exposureScansOf } from '../venue/venue.queries.js';
import type { VaccineProductCode } from '../vaccination/vaccination.rules.js';
import type { HealthFacts } from './rules.js';
import { inRegion } from '../../shared/region-sql.js';

/** Which residents: those living at T in any of these regions (codes of any level), or these IDs (wherever they live). */
export type ResidentSelection =
  | { regionCodes: readonly string[]; /** Only residents with IDs in [from, to]: a region gathered in slices. */ residentIdRange?: { from: number; to: number } }
  | { residentIds: readonly number[] };

export interface ResidentHealthFacts {
  residentId: number;
  /** Community the resident lived in at T (null for a selected ID not living in the district at T). */
  communityCode: string | null;
  birthDate: string;
  /** What the health-code rules take. */
  facts: HealthFacts;
  /**
   * The latest sampling instant at or before T has a sample with no result at T (when several samples share
   * that instant, one without a result is enough: domain.md, pendingResults).
   */
  latestResultPending: boolean;
  /** result_at of the latest individual (SINGLE) POSITIVE result known at T (positiveToday when on T's day). */
  lastIndividualPositiveAt: Date | null;
  /** Vaccine doses administered at or before T, and the product of dose 1 (sets the primary series). */
  doses: number;
  firstDoseProduct: VaccineProductCode | null;
  /** Under home observation at T. */
  underObservation: boolean;
  /** The latest venue scan at or before T that showed a non-GREEN code (abnormalScans24h when within 24 h). */
  lastAbnormalScanAt: Date | null;
}

interface FactsRow {
  resident_id: string | number;
  community_code: string | null;
  birth_date: string;
  exempt: boolean;
  last_sampled_at: string | null;
  last_unresulted_sampled_at: string | null;
  last_individual_positive_at: string | null;
  has_positive_pool: boolean | null;
  doses: number | null;
  first_product: VaccineProductCode | null;
  active_case_since: string | null;
  close_contact_since: string | null;
  observation_since: string | null;
  last_abnormal_scan_at: string | null;
}

/**
 * Set-based: each fact table is read once, grouped by resident (hash joins, no per-resident subquery), so the
 * cost grows with the data and not with residents × facts; the same statement serves a handful of residents
 * (through the resident indexes) and a whole district.
 */
export async function healthFactsAt(db: Db, selection: ResidentSelection, at: Date): Promise<ResidentHealthFacts[]> {
  if ('residentIds' in selection && selection.residentIds.length === 0) return [];
  if ('regionCodes' in selection && selection.regionCodes.length === 0) return [];
  const t = instantSql(at);
  const range = 'regionCodes' in selection ? selection.residentIdRange : undefined;
  const present = sql`rp.started_at <= ${t} and (rp.ended_at is null or rp.ended_at > ${t})`;
  const subjects: SQL =
    'regionCodes' in selection
      ? sql`select rp.resident_id, rp.community_code from health.residence_periods rp
            where ${present} and (${sql.join(
              selection.regionCodes.map((code) => inRegion(sql`rp.community_code`, code)),
              sql` or `,
            )})${range ? sql` and rp.resident_id between ${range.from} and ${range.to}` : sql``}`
      : sql`select pe.resident_id, (select rp.community_code from health.residence_periods rp where rp.resident_id = pe.resident_id and ${present}) as community_code
            from health.people pe where pe.resident_id = any(${`{${[...new Set(selection.residentIds)].join(',')}}`}::bigint[])`;
  // Each fact table is narrowed by the same residents directly (a range or an ID list walks its (resident_id, …)
  // index in one bitmap scan; a semi-join on `subjects` would probe the index once per resident).
  const ofSubjects = (column: SQL): SQL =>
    range
      ? sql`${column} between ${range.from} and ${range.to}`
      : 'residentIds' in selection
        ? sql`${column} = any(${`{${[...new Set(selection.residentIds)].join(',')}}`}::bigint[])`
        : sql`${column} in (select resident_id from subjects)`;

  const factsSql = sql`
    with subjects as materialized (${subjects}),
    sampled as (
      select x.resident_id,
        max(x.sampled_at) as last_sampled_at,
        max(x.sampled_at) filter (where x.result_at is null or x.result_at > ${t}) as last_unresulted_sampled_at,
        max(x.result_at) filter (where x.tube_type = 'SINGLE' and x.result = 'POSITIVE' and x.result_at <= ${t}) as last_individual_positive_at,
        bool_or(x.tube_type = 'POOLED' and x.result = 'POSITIVE' and x.result_at <= ${t}) as has_positive_pool
      from health.samples x where ${ofSubjects(sql`x.resident_id`)} and x.sampled_at <= ${t}
      group by x.resident_id
    ), dosed as (
      select d.resident_id, count(*)::int as doses, min(d.product) filter (where d.dose_number = 1) as first_product
      from health.doses d where ${ofSubjects(sql`d.resident_id`)} and d.administered_at <= ${t}
      group by d.resident_id
    ), abnormal as (
      select ${scans.residentId} as resident_id, max(${scans.scannedAt}) as last_abnormal_scan_at from ${scans}
      where ${ofSubjects(sql`${scans.residentId}`)} and ${abnormalScan()} and ${scans.scannedAt} <= ${t}
      group by 1
    )
    select s.resident_id, s.community_code, pe.birth_date,
      (ex.resident_id is not null) as exempt,
      sampled.last_sampled_at, sampled.last_unresulted_sampled_at, sampled.last_individual_positive_at, sampled.has_positive_pool,
      dosed.doses, dosed.first_product,
      active_case.since as active_case_since,
      close_contact.since as close_contact_since,
      observation.since as observation_since,
      abnormal.last_abnormal_scan_at
    from subjects s
    join health.people pe on pe.resident_id = s.resident_id and ${ofSubjects(sql`pe.resident_id`)}
    left join (${exemptResidentIds(at, ofSubjects)}) ex on ex.resident_id = s.resident_id
    left join sampled on sampled.resident_id = s.resident_id
    left join dosed on dosed.resident_id = s.resident_id
    left join abnormal on abnormal.resident_id = s.resident_id
    left join (${activeCaseStarts(at, ofSubjects)}) active_case on active_case.resident_id = s.resident_id
    left join (${quarantineStarts(at, ofSubjects)}) close_contact on close_contact.resident_id = s.resident_id
    left join (${homeObservationStarts(at, ofSubjects)}) observation on observation.resident_id = s.resident_id`;
  const rows = await queryRows<FactsRow>(db, factsSql);

  const withPools = rows.filter((row) => row.has_positive_pool).map((row) => Number(row.resident_id));
  const [pools, exposures] = await Promise.all([poolFactsOf(db, withPools, at), exposureScansOf(db, 'regionCodes' in selection ? (range ?? null) : selection.residentIds, at)]);

  return rows.map((row) => {
    const residentId = Number(row.resident_id);
    return {
      residentId,
      communityCode: row.community_code,
      birthDate: row.birth_date,
      facts: {
        exempt: row.exempt,
        lastSampledAt: parseTimestamp(row.last_sampled_at),
        positivePools: pools.get(residentId)?.positivePools ?? [],
        individualFinalResults: pools.get(residentId)?.individualFinalResults ?? [],
        activeCaseSince: parseTimestamp(row.active_case_since),
        closeContactSince: parseTimestamp(row.close_contact_since),
        homeObservationSince: parseTimestamp(row.observation_since),
        exposureScans: exposures.get(residentId) ?? [],
      },
      // Pending when the latest sample without a result at T was taken at the latest sampling instant (both read as the same max).
      latestResultPending: row.last_sampled_at !== null && row.last_unresulted_sampled_at === row.last_sampled_at,
      lastIndividualPositiveAt: parseTimestamp(row.last_individual_positive_at),
      doses: row.doses ?? 0,
      firstDoseProduct: row.first_product,
      underObservation: row.observation_since !== null,
      lastAbnormalScanAt: parseTimestamp(row.last_abnormal_scan_at),
    };
  });
}

type PoolFacts = Pick<HealthFacts, 'positivePools' | 'individualFinalResults'>;

/** Positive pools known at T, and the individual final results that could clear them (taken after the earliest such pool). */
async function poolFactsOf(db: Db, residentIds: number[], at: Date): Promise<Map<number, PoolFacts>> {
  const byResident = new Map<number, PoolFacts>();
  if (residentIds.length === 0) return byResident;
  const t = instantSql(at);
  const rows = await queryRows<{ resident_id: string | number; kind: 'POOL' | 'SINGLE'; sampled_at: string; result_at: string }>(
    db,
    sql`
    with pools as (
      select resident_id, sampled_at, result_at from health.samples
      where resident_id = any(${`{${residentIds.join(',')}}`}::bigint[])
        and tube_type = 'POOLED' and result = 'POSITIVE' and result_at <= ${t}
    )
    select resident_id, 'POOL' as kind, sampled_at, result_at from pools
    union all
    select x.resident_id, 'SINGLE' as kind, x.sampled_at, x.result_at from health.samples x
    where x.resident_id in (select resident_id from pools) and x.tube_type = 'SINGLE'
      and x.result in ('NEGATIVE', 'POSITIVE') and x.result_at <= ${t}
      and x.sampled_at > (select min(p.sampled_at) from pools p where p.resident_id = x.resident_id)`,
  );
  for (const row of rows) {
    const id = Number(row.resident_id);
    const entry = byResident.get(id) ?? { positivePools: [], individualFinalResults: [] };
    const fact = { sampledAt: parseTimestamp(row.sampled_at), resultAt: parseTimestamp(row.result_at) };
    (row.kind === 'POOL' ? entry.positivePools : entry.individualFinalResults).push(fact);
    byResident.set(id, entry);
  }
  return byResident;
}
