/**
 * Venue and scan reads, and the two venue rules of domain.md as SQL:
 * `abnormalScan` (the colour shown was not GREEN) and venue exposure
 * (`exposureScansSql` / `exposureScansOf`).
 */
import { and, asc, desc, eq, gt, gte, inArray, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../../shared/db/database.js';
import { instantSql } from '../../shared/db/instants.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import type { RegionScope } from '../../shared/viewer.js';
import { samples, scans, venues, type VenueRow } from '../db.js';
import type { ScanWithVenue } from './venue.mapper.js';
import { inRegion } from '../../shared/region-sql.js';

/** SQL condition on a scans row (or an alias of the table): an abnormal scan, i.e. the colour shown was not GREEN. */
export function abnormalScan(scan: { colorShown: AnyColumn } = scans): SQL {
  // Written exactly as the predicate of scans_abnormal_idx, so the planner can use that index.
  return sql`${scan.colorShown} <> 'GREEN'`;
}

/** Scans this long before `at` (and no older) can be exposures: 14 days, twice the health code's 7-day window. */
export const EXPOSURE_LOOKBACK_HOURS = 14 * 24;
/** Another person's scan of the same venue at most this far from the resident's scan, either way (inclusive). */
export const EXPOSURE_PROXIMITY_MINUTES = 30;
/** That person's positive sample taken at most this long after their own scan (inclusive). */
export const EXPOSURE_POSITIVE_WITHIN_HOURS = 72;

/**
 * Venue exposure (domain.md: "a resident scanned the same venue within 30 minutes of a person whose positive
 * sample was taken within 3 days after that scan"), as one set-based statement over the residents for whom
 * `residentCondition(residentIdSql)` holds. Its rows are (resident_id, scanned_at): the resident's scans s
 * with at − 14 days ≤ s ≤ at such that a different resident scanned the same venue at t with |t − s| ≤ 30 min
 * (t ≤ at) and has a positive sample sampled in [t, t + 3 days] whose result was known at `at`
 * (result_at ≤ at). One row per distinct scan instant.
 *
 * Decisions where domain.md is silent:
 * - "within 3 days after that scan" is measured from the positive person's own scan t: the positive sample
 *   dates that person's presence at the venue, whichever side of it the resident's scan fell.
 * - Only individual (SINGLE tube) POSITIVE samples count: a POSITIVE pool makes its members "pool-positive
 *   pending retest", not positive (domain.md, "Nucleic-acid tests"), and 9 in 10 of them are not.
 * - Known at `at`: a positive counts from its result_at (domain.md "Time": result-at, not delivery time,
 *   decides), so a result known only after `at` exposes nobody at `at`; only scans up to `at` count.
 * - Both ends inclusive: exactly 30 min apart and exactly 3 days after count.
 * The 7-day window of the health code and "no sample taken after it" are the rules module's
 * (health-code/rules.ts); this returns exposures of the last 14 days to leave it room.
 *
 * Indexes: scans (resident_id, scanned_at) or samples_positive_idx to start, scans (venue_id, scanned_at)
 * for the neighbours, samples (resident_id, sampled_at) for their positives.
 */
export function exposureScansSql(at: Date, residentCondition: (residentId: SQL) => SQL): SQL {
  const t = instantSql(at);
  const lookback = sql.raw(`interval '${EXPOSURE_LOOKBACK_HOURS} hours'`);
  const proximity = sql.raw(`interval '${EXPOSURE_PROXIMITY_MINUTES} minutes'`);
  const positiveWithin = sql.raw(`interval '${EXPOSURE_POSITIVE_WITHIN_HOURS} hours'`);
  // Redundant conditions, spelled out so the planner can use an index from either side: |t − s| ≤ 30 min is
  // written both ways round (scans (venue_id, scanned_at) as a range on o or on s), and the last line's bounds
  // on p.sampled_at follow from the others (a sample is taken before its result is known, and after a scan at
  // most 14 days + 30 min before `at`) for samples_positive_idx.
  return sql`select distinct s.resident_id, s.scanned_at
    from ${scans} s
    join ${scans} o on o.venue_id = s.venue_id
      and o.scanned_at >= s.scanned_at - ${proximity} and o.scanned_at <= s.scanned_at + ${proximity}
      and s.scanned_at >= o.scanned_at - ${proximity} and s.scanned_at <= o.scanned_at + ${proximity}
      and o.resident_id <> s.resident_id
    join ${samples} p on p.resident_id = o.resident_id
      and p.sampled_at >= o.scanned_at and p.sampled_at <= o.scanned_at + ${positiveWithin}
    where ${residentCondition(sql`s.resident_id`)}
      and s.scanned_at >= ${t} - ${lookback} and s.scanned_at <= ${t}
      and o.scanned_at <= ${t}
      and p.result = 'POSITIVE' and p.tube_type = 'SINGLE' and p.result_at <= ${t}
      and p.sampled_at >= ${t} - ${lookback} - ${proximity} and p.sampled_at <= ${t}`;
}

/** Whose exposures: these residents, a range of resident IDs (inclusive), or everyone (null). */
export type ResidentsWanted = readonly number[] | { from: number; to: number } | null;

/** Venue exposures (see exposureScansSql) known at `at`: scan instants, oldest first; every named resident has an entry, maybe empty. */
export async function exposureScansOf(db: Pick<Db, 'execute'>, wanted: ResidentsWanted, at: Date): Promise<Map<number, Date[]>> {
  const named = Array.isArray(wanted) ? (wanted as readonly number[]) : null;
  const byResident = new Map<number, Date[]>((named ?? []).map((id) => [id, []]));
  if (named !== null && named.length === 0) return byResident;
  const condition = (residentId: SQL): SQL =>
    named !== null
      ? // One array parameter, however many residents (a region's worth would overflow the bind-parameter limit).
        sql`${residentId} = any(${`{${[...new Set(named)].join(',')}}`}::bigint[])`
      : wanted === null
        ? sql`true`
        : sql`${residentId} between ${(wanted as { from: number }).from} and ${(wanted as { to: number }).to}`;
  const rows = await queryRows<{ resident_id: string | number; scanned_at: string }>(db, sql`${exposureScansSql(at, condition)} order by 1, 2`);
  for (const row of rows) {
    const id = Number(row.resident_id);
    byResident.set(id, [...(byResident.get(id) ?? []), parseTimestamp(row.scanned_at)]);
  }
  return byResident;
}

// ── Reads for the API ──

export async function venuesByCodes(db: Db, codes: readonly string[]): Promise<VenueRow[]> {
  return db.select().from(venues).where(inArray(venues.code, [...codes]));
}

export async function venueByCode(db: Executor, code: string): Promise<VenueRow | undefined> {
  const [row] = await db.select().from(venues).where(eq(venues.code, code));
  return row;
}

/** A page of the venues in a region (any level; the viewer's scope applies), in code order, and the total count. */
export async function venuesPage(
  db: Db,
  scope: RegionScope,
  regionCode: string | null,
  first: number,
  afterCode: string | null,
): Promise<{ rows: VenueRow[]; totalCount: number }> {
  const where = and(scope.communities(venues.communityCode), regionCode === null ? undefined : inRegion(venues.communityCode, regionCode));
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(venues)
      .where(afterCode === null ? where : and(where, gt(venues.code, afterCode)))
      .orderBy(asc(venues.code))
      .limit(first + 1),
    db.select({ count: sql<number>`count(*)::int` }).from(venues).where(where),
  ]);
  return { rows, totalCount: count?.count ?? 0 };
}

/** The latest `limit` scans of each resident with their venues, newest first, in one statement. */
export async function latestScansOf(db: Db, residentIds: readonly number[], limit: number): Promise<ScanWithVenue[]> {
  const ranked = db
    .select({
      id: scans.id,
      rank: sql<number>`row_number() over (partition by ${scans.residentId} order by ${scans.scannedAt} desc, ${scans.id} desc)`.as('rank'),
    })
    .from(scans)
    .where(inArray(scans.residentId, [...residentIds]))
    .as('ranked');
  return db
    .select({ scan: scans, venue: venues })
    .from(scans)
    .innerJoin(ranked, sql`${ranked.id} = ${scans.id} and ${ranked.rank} <= ${limit}`)
    .innerJoin(venues, eq(venues.id, scans.venueId))
    .orderBy(desc(scans.scannedAt), desc(scans.id));
}

/** The latest `limit` abnormal scans of each venue in [since, until] (with the venue), newest first, in one statement. */
export async function abnormalScansOf(db: Db, venueIds: readonly number[], since: Date, until: Date, limit: number): Promise<ScanWithVenue[]> {
  const ranked = db
    .select({
      id: scans.id,
      rank: sql<number>`row_number() over (partition by ${scans.venueId} order by ${scans.scannedAt} desc, ${scans.id} desc)`.as('rank'),
    })
    .from(scans)
    .where(and(inArray(scans.venueId, [...venueIds]), gte(scans.scannedAt, since), lte(scans.scannedAt, until), abnormalScan()))
    .as('ranked');
  return db
    .select({ scan: scans, venue: venues })
    .from(scans)
    .innerJoin(ranked, sql`${ranked.id} = ${scans.id} and ${ranked.rank} <= ${limit}`)
    .innerJoin(venues, eq(venues.id, scans.venueId))
    .orderBy(desc(scans.scannedAt), desc(scans.id));
}
