/**
 * Gathers, set-based, every per-resident fact the health rules and the health
 * indexes need at an instant T: for the residents living in some regions at T,
 * or for given residents. SQL only collects facts as recorded at T; the rules
 * (rules.ts, vaccination.rules.ts) decide what they mean, so a code shown on a
 * profile and a code counted in a statistic can never disagree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../shared/db/database.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { activeCaseSince, quarantineSince } from '../events/cases-projection.js';
import { homeObservationSince } from '../observation/observation.rules.js';
import { exemptAt, instantSql } from '../exemption/exemption.queries.js';
import { scans } from '../db.js';
import { abnormalScan, exposureScansOf } from '../venue/venue.queries.js';
import type { VaccineProductCode } from '../vaccination/vaccination.rules.js';
import type { HealthFacts } from './rules.js';

/** Which residents: those living at T in any of these regions (codes of any level), or these IDs (wherever they live). */
export type ResidentSelection = { regionCodes: readonly string[] } | { residentIds: readonly number[] };

export interface ResidentHealthFacts {
  residentId: number;
  /** Community the resident lived in at T (null for a selected ID not living in the district at T). */
  communityCode: string | null;
  birthDate: string;
  /** What the health-code rules take. */
  facts: HealthFacts;
  /** A sample taken on T's calendar day (Asia/Shanghai), at or before T. */
  sampledToday: boolean;
  /** An individual (SINGLE) POSITIVE result with result_at on T's day, at or before T. */
  positiveToday: boolean;
  /** The latest sample taken at or before T has no result at T. */
  latestResultPending: boolean;
  /** Vaccine doses administered at or before T, and the product of dose 1 (sets the primary series). */
  doses: number;
  firstDoseProduct: VaccineProductCode | null;
  /** Under home observation at T. */
  underObservation: boolean;
  /** Showed a non-GREEN code at a venue scan in (T − 24 h, T]. */
  abnormalScan24h: boolean;
}

interface FactsRow {
  resident_id: string | number;
  community_code: string | null;
  birth_date: string;
  exempt: boolean;
  last_sampled_at: string | null;
  latest_pending: boolean;
  sampled_today: boolean;
  positive_today: boolean;
  doses: number;
  first_product: VaccineProductCode | null;
  active_case_since: string | null;
  close_contact_since: string | null;
  observation_since: string | null;
  abnormal_scan_24h: boolean;
  has_positive_pool: boolean;
}

export async function healthFactsAt(db: Db, selection: ResidentSelection, at: Date): Promise<ResidentHealthFacts[]> {
  const t = instantSql(at);
  const dayStart = sql`((${t} at time zone 'Asia/Shanghai')::date::timestamp at time zone 'Asia/Shanghai')`;
  const present = sql`rp.started_at <= ${t} and (rp.ended_at is null or rp.ended_at > ${t})`;
  const subjects: SQL =
    'regionCodes' in selection
      ? sql`select rp.resident_id, rp.community_code from health.residence_periods rp
            where ${present} and (${sql.join(
              selection.regionCodes.map((code) => sql`rp.community_code like ${code + '%'}`),
              sql` or `,
            )})`
      : sql`select pe.resident_id, (select rp.community_code from health.residence_periods rp where rp.resident_id = pe.resident_id and ${present}) as community_code
            from health.people pe where pe.resident_id in (${sql.join(
              selection.residentIds.map((id) => sql`${id}`),
              sql`, `,
            )})`;
  if ('residentIds' in selection && selection.residentIds.length === 0) return [];
  if ('regionCodes' in selection && selection.regionCodes.length === 0) return [];

  const rows = await queryRows<FactsRow>(
    db,
    sql`
    with subjects as (${subjects})
    select s.resident_id, s.community_code, pe.birth_date,
      ${exemptAt(sql`s.resident_id`, at)} as exempt,
      latest.sampled_at as last_sampled_at,
      (latest.sampled_at is not null and (latest.result_at is null or latest.result_at > ${t})) as latest_pending,
      exists (select 1 from health.samples x where x.resident_id = s.resident_id and x.sampled_at >= ${dayStart} and x.sampled_at <= ${t}) as sampled_today,
      exists (select 1 from health.samples x where x.resident_id = s.resident_id and x.tube_type = 'SINGLE' and x.result = 'POSITIVE'
              and x.result_at >= ${dayStart} and x.result_at <= ${t}) as positive_today,
      (select count(*)::int from health.doses d where d.resident_id = s.resident_id and d.administered_at <= ${t}) as doses,
      (select d.product from health.doses d where d.resident_id = s.resident_id and d.dose_number = 1 and d.administered_at <= ${t}) as first_product,
      ${activeCaseSince(sql`s.resident_id`, at)} as active_case_since,
      ${quarantineSince(sql`s.resident_id`, at)} as close_contact_since,
      ${homeObservationSince(sql`s.resident_id`, at)} as observation_since,
      exists (select 1 from ${scans} where ${scans.residentId} = s.resident_id and ${abnormalScan()}
              and ${scans.scannedAt} > ${t} - interval '24 hours' and ${scans.scannedAt} <= ${t}) as abnormal_scan_24h,
      exists (select 1 from health.samples x where x.resident_id = s.resident_id and x.tube_type = 'POOLED' and x.result = 'POSITIVE'
              and x.result_at <= ${t}) as has_positive_pool
    from subjects s
    join health.people pe on pe.resident_id = s.resident_id
    left join lateral (
      select x.sampled_at, x.result_at from health.samples x
      where x.resident_id = s.resident_id and x.sampled_at <= ${t}
      order by x.sampled_at desc limit 1
    ) latest on true`,
  );

  const ids = rows.map((row) => Number(row.resident_id));
  const withPools = rows.filter((row) => row.has_positive_pool).map((row) => Number(row.resident_id));
  const [pools, exposures] = await Promise.all([poolFactsOf(db, withPools, at), exposureScansOf(db, ids, at)]);

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
      sampledToday: row.sampled_today,
      positiveToday: row.positive_today,
      latestResultPending: row.latest_pending,
      doses: row.doses,
      firstDoseProduct: row.first_product,
      underObservation: row.observation_since !== null,
      abnormalScan24h: row.abnormal_scan_24h,
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
      where resident_id in (${sql.join(residentIds.map((id) => sql`${id}`), sql`, `)})
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
