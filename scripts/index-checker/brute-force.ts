/**
 * The 39 indexes of `RegionDashboard`, by brute force: plain SQL over the
 * subgraphs' base tables, written straight from domain.md ("The 39 indexes"
 * and the rules they rest on: health code, pools, venue exposure, home
 * observation, permits, cases). Deliberately independent of the product: no
 * query helper, rule module or cached status column of the product is used;
 * every status at T is re-derived from the history/timeline tables, every
 * per-resident fact from the facts themselves, one resident at a time
 * (correlated EXISTS), then counted per region with COUNT(DISTINCT …).
 *
 * Where domain.md leaves a choice open, the product's documented choice
 * (README.md, the descriptions in schema/api.graphql) is taken; each such
 * place says so in a comment marked "Documented choice".
 *
 * Instants are passed as literals the checker builds itself (ISO strings and
 * integers only), so the SQL reads exactly as it runs.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../subgraphs/shared/db/database.js';

/** Every index of the contract's RegionIndexes fragment, by its path in the response. */
export const INDEX_PATHS = [
  'population.residents',
  'population.households',
  'population.registered',
  'population.floating',
  'population.overseas',
  'population.children',
  'population.elderly60Plus',
  'population.elderly80Plus',
  'population.specialCare',
  'health.testing.sampledToday',
  'health.testing.within24h',
  'health.testing.within48h',
  'health.testing.within72h',
  'health.testing.untested72h',
  'health.testing.coverage72h',
  'health.testing.pendingResults',
  'health.testing.positiveToday',
  'health.testing.poolPositivePendingRetest',
  'health.testing.exempt',
  'health.vaccination.firstDose',
  'health.vaccination.fullyVaccinated',
  'health.vaccination.boosted',
  'health.vaccination.coverage',
  'health.vaccination.elderly60PlusFullyVaccinatedRate',
  'health.vaccination.elderly80PlusUnvaccinated',
  'health.healthCodes.green',
  'health.healthCodes.yellow',
  'health.healthCodes.red',
  'health.homeObservation.active',
  'health.venues.abnormalScans24h',
  'permits.pending',
  'permits.active',
  'permits.resumedWorkers',
  'permits.enterprisesResumed',
  'cases.newToday',
  'cases.active',
  'cases.inFacility',
  'cases.discharged',
  'cases.closeContactsInQuarantine',
] as const;
export type IndexPath = (typeof INDEX_PATHS)[number];

/** The rates: compared as floats with a tolerance, the rest exactly. */
export const RATE_PATHS: ReadonlySet<IndexPath> = new Set([
  'health.testing.coverage72h',
  'health.vaccination.coverage',
  'health.vaccination.elderly60PlusFullyVaccinatedRate',
]);

export type IndexValues = Record<IndexPath, number>;

export interface RegionExpectation {
  code: string;
  name: string;
  level: 'DISTRICT' | 'TOWN';
  values: IndexValues;
  /** Numerator and denominator behind each rate (for the report). */
  rates: Partial<Record<IndexPath, { numerator: number; denominator: number }>>;
  /** Residents per health-code reason (any colour): what the rules saw, for diagnosis and for tests' coverage. */
  reasons: { activeCase: number; poolPending: number; closeContact: number; noRecentTest: number; homeObservation: number; venueExposure: number };
}

export interface BruteForceOptions {
  /** The district (6-digit code); its towns are the other regions. */
  districtCode: string;
  /** The instant T. */
  asOf: Date;
  /** Health code NO_RECENT_TEST interval in hours (configuration, domain default 168). */
  testIntervalHours: number;
}

export interface BruteForceResult {
  regions: RegionExpectation[];
  /** Wall time of each of the four statements and in all. */
  millis: { population: number; health: number; permits: number; cases: number; total: number };
}

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The calendar day of T in Asia/Shanghai: its date and the instant it started. */
export function shanghaiDay(at: Date): { date: string; start: Date } {
  const date = new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  return { date, start: new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS) };
}

const ts = (at: Date) => `timestamptz '${at.toISOString()}'`;

async function rows(database: Database, text: string): Promise<Record<string, unknown>[]> {
  const result = (await database.db.execute(sql.raw(text))) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];
}

/**
 * Which communities each region covers: every community under the district,
 * once for its town and once for the district (domain.md: "a query about a
 * region covers every community under it"). From the region tree itself
 * (parent_code), not from code prefixes.
 */
function regionMapCte(district: string): string {
  return `region_map as (
    select c.code as community, t.code as region
      from population.regions c join population.regions t on c.parent_code = t.code
     where c.level = 'COMMUNITY' and t.level = 'TOWN' and t.parent_code = '${district}'
    union all
    select c.code as community, t.parent_code as region
      from population.regions c join population.regions t on c.parent_code = t.code
     where c.level = 'COMMUNITY' and t.level = 'TOWN' and t.parent_code = '${district}'
  )`;
}

/** Population (9), from population.residencies / residents / resident_tags. */
function populationSql(o: BruteForceOptions): string {
  const T = ts(o.asOf);
  const today = `date '${shanghaiDay(o.asOf).date}'`;
  return `with ${regionMapCte(o.districtCode)},
  -- "Residents" = registered at or before T and not moved out at T: the residency period holding at T
  -- (a period that ended exactly at T no longer holds at T).
  living as (
    select p.resident_id, p.community_code, p.household_id, p.residency_type,
           extract(year from age(${today}, r.birth_date))::int as age
      from population.residencies p
      join population.residents r on r.id = p.resident_id
     where p.started_at <= ${T} and (p.ended_at is null or p.ended_at > ${T})
  )
  select m.region,
    count(distinct l.resident_id)::int as residents,
    count(distinct l.household_id)::int as households,
    count(distinct l.resident_id) filter (where l.residency_type = 'REGISTERED')::int as registered,
    count(distinct l.resident_id) filter (where l.residency_type = 'FLOATING')::int as floating,
    count(distinct l.resident_id) filter (where l.residency_type = 'OVERSEAS')::int as overseas,
    -- Age: whole years on T's calendar day in Asia/Shanghai (schema: PopulationIndexes.children).
    count(distinct l.resident_id) filter (where l.age < 18)::int as children,
    count(distinct l.resident_id) filter (where l.age >= 60)::int as elderly60,
    count(distinct l.resident_id) filter (where l.age >= 80)::int as elderly80,
    count(distinct l.resident_id) filter (where exists (
      select 1 from population.resident_tags rt join population.tags g on g.code = rt.tag_code
       where rt.resident_id = l.resident_id and g.category = 'SPECIAL_CARE'
         and rt.tagged_at <= ${T} and (rt.untagged_at is null or rt.untagged_at > ${T})))::int as special_care
  from living l join region_map m on m.community = l.community_code
  group by m.region`;
}

/**
 * Health (21), one row of facts per resident at T, then counted per region.
 *
 * Documented choice: the residents of the health indexes are health's own
 * projection of population (health.residence_periods, health.people): README
 * "Each subgraph owns its data" and health/db.ts. The checker compares the
 * population indexes from population's own tables, so a projection that
 * drifted from population shows up as residents ≠ green + yellow + red.
 */
function healthSql(o: BruteForceOptions): string {
  const T = ts(o.asOf);
  const day = shanghaiDay(o.asOf);
  const dayStart = ts(day.start);
  const today = `date '${day.date}'`;
  const hours = (n: number) => `${T} - interval '${n} hours'`;
  return `with ${regionMapCte(o.districtCode)},
  living as (
    select rp.resident_id, rp.community_code, pe.birth_date
      from health.residence_periods rp
      left join health.people pe on pe.resident_id = rp.resident_id
     where rp.started_at <= ${T} and (rp.ended_at is null or rp.ended_at > ${T})
  ),
  facts as (
    select l.resident_id, l.community_code,
      extract(year from age(${today}, l.birth_date))::int as age,
      -- A sample counts from its sampling instant; resident_id is null for an unmatched lab row (nobody's sample yet).
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at >= ${dayStart} and s.sampled_at <= ${T}) as sampled_today,
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at > ${hours(24)} and s.sampled_at <= ${T}) as within24,
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at > ${hours(48)} and s.sampled_at <= ${T}) as within48,
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at > ${hours(72)} and s.sampled_at <= ${T}) as within72,
      -- NO_RECENT_TEST: no sample in (T - interval, T] (turnsYellowAt = last sampling + interval is already YELLOW).
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at > ${hours(o.testIntervalHours)} and s.sampled_at <= ${T}) as within_interval,
      -- Exempt at T: an exemption (tag-based or recorded) that started at or before T and has not ended by T.
      exists (select 1 from health.exemptions e where e.resident_id = l.resident_id
               and e.starts_at <= ${T} and (e.ends_at is null or e.ends_at > ${T})) as exempt,
      -- The latest sample taken at or before T has no result at T (result_at decides: PENDING before it).
      -- Documented choice for ties (several samples at the same latest instant): pending if any of them is.
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.sampled_at = (select max(s2.sampled_at) from health.samples s2
                                    where s2.resident_id = l.resident_id and s2.sampled_at <= ${T})
               and (s.result_at is null or s.result_at > ${T})) as pending,
      -- An individual (SINGLE) POSITIVE result whose result-at is on T's day, at or before T.
      exists (select 1 from health.samples s where s.resident_id = l.resident_id
               and s.tube_type = 'SINGLE' and s.result = 'POSITIVE'
               and s.result_at >= ${dayStart} and s.result_at <= ${T}) as positive_today,
      -- Pool-positive pending retest at T: a POOLED sample of the resident (a member's row carries the
      -- tube's result) POSITIVE with result-at <= T, and no SINGLE sample taken after the pool's sampling
      -- with a final result by T. Documented choice (schema HealthCodeReason.POOL_POSITIVE_PENDING_RETEST,
      -- TestResult.INVALID "sample again"): final = NEGATIVE or POSITIVE; INVALID does not clear.
      exists (select 1 from health.samples p where p.resident_id = l.resident_id
               and p.tube_type = 'POOLED' and p.result = 'POSITIVE' and p.result_at <= ${T}
               and not exists (select 1 from health.samples q where q.resident_id = l.resident_id
                                and q.tube_type = 'SINGLE' and q.sampled_at > p.sampled_at
                                and q.result in ('NEGATIVE', 'POSITIVE') and q.result_at <= ${T})) as pool_pending,
      -- RED reasons. ACTIVE_CASE from health's projection of the cases (active from report until discharge/death).
      exists (select 1 from health.case_facts c where c.resident_id = l.resident_id
               and c.active_from <= ${T} and (c.active_until is null or c.active_until > ${T})) as active_case,
      -- CLOSE_CONTACT: quarantine started, planned end not reached, not released (or converted) by T.
      exists (select 1 from health.quarantines k where k.resident_id = l.resident_id
               and k.starts_at <= ${T} and k.ends_at > ${T} and (k.released_at is null or k.released_at > ${T})) as quarantined,
      -- HOME_OBSERVATION active at T: started <= T, not ended by T, planned end not reached (README: it ends by
      -- itself at its planned end).
      exists (select 1 from health.home_observations h where h.resident_id = l.resident_id
               and h.started_at <= ${T} and (h.ended_at is null or h.ended_at > ${T}) and h.planned_end_at > ${T}) as observed,
      -- VENUE_EXPOSURE: the resident's scan a in (T - 7 days, T]; a scan b of the same venue by another person
      -- within 30 minutes of a (either side, edges included); that person's SINGLE POSITIVE sample, result-at <= T,
      -- taken within 3 days after b (b <= sampled_at <= b + 3 days); and no sample of the resident taken after a
      -- (by T).
      exists (select 1
                from health.scans a
                join health.scans b on b.venue_id = a.venue_id and b.resident_id <> a.resident_id
                                   and b.scanned_at >= a.scanned_at - interval '30 minutes'
                                   and b.scanned_at <= a.scanned_at + interval '30 minutes'
                join health.samples x on x.resident_id = b.resident_id and x.tube_type = 'SINGLE'
                                     and x.result = 'POSITIVE' and x.result_at <= ${T}
                                     and x.sampled_at >= b.scanned_at and x.sampled_at <= b.scanned_at + interval '3 days'
               where a.resident_id = l.resident_id
                 and a.scanned_at > ${T} - interval '7 days' and a.scanned_at <= ${T}
                 and not exists (select 1 from health.samples s where s.resident_id = l.resident_id
                                  and s.sampled_at > a.scanned_at and s.sampled_at <= ${T})) as venue_exposed,
      -- Documented choice (brief/README): abnormalScans24h = distinct residents living in the region at T with a
      -- non-GREEN scan in (T - 24 h, T], wherever the venue is.
      exists (select 1 from health.scans a where a.resident_id = l.resident_id and a.color_shown <> 'GREEN'
               and a.scanned_at > ${hours(24)} and a.scanned_at <= ${T}) as abnormal_scan,
      -- Doses given by T; the primary series is set by dose 1's product (README).
      (select count(*) from health.doses d where d.resident_id = l.resident_id and d.administered_at <= ${T})::int as doses,
      (select case d.product when 'SINOPHARM_BIBP' then 2 when 'SINOVAC_CORONAVAC' then 2
                             when 'CANSINO_AD5' then 1 when 'ZF2001' then 3 end
         from health.doses d where d.resident_id = l.resident_id and d.administered_at <= ${T}
        order by d.dose_number, d.administered_at limit 1) as series
    from living l
  ),
  coded as (
    select f.*,
      (f.active_case or f.pool_pending or f.quarantined) as red,
      ((not f.exempt and not f.within_interval) or f.observed or f.venue_exposed) as yellow_reason,
      (f.doses >= 1 and f.doses >= f.series) as fully,
      (f.doses >= 1 and f.doses > f.series) as boosted
    from facts f
  )
  select m.region,
    count(distinct c.resident_id)::int as residents,
    count(distinct c.resident_id) filter (where c.sampled_today)::int as sampled_today,
    count(distinct c.resident_id) filter (where c.within24)::int as within24,
    count(distinct c.resident_id) filter (where c.within48)::int as within48,
    count(distinct c.resident_id) filter (where c.within72)::int as within72,
    count(distinct c.resident_id) filter (where not c.exempt and not c.within72)::int as untested72,
    count(distinct c.resident_id) filter (where not c.exempt and c.within72)::int as nonexempt_within72,
    count(distinct c.resident_id) filter (where not c.exempt)::int as nonexempt,
    count(distinct c.resident_id) filter (where c.pending)::int as pending,
    count(distinct c.resident_id) filter (where c.positive_today)::int as positive_today,
    count(distinct c.resident_id) filter (where c.pool_pending)::int as pool_pending,
    count(distinct c.resident_id) filter (where c.exempt)::int as exempt,
    count(distinct c.resident_id) filter (where c.doses >= 1)::int as first_dose,
    count(distinct c.resident_id) filter (where c.fully)::int as fully,
    count(distinct c.resident_id) filter (where c.boosted)::int as boosted,
    count(distinct c.resident_id) filter (where c.age >= 60)::int as elderly60,
    count(distinct c.resident_id) filter (where c.age >= 60 and c.fully)::int as elderly60_fully,
    count(distinct c.resident_id) filter (where c.age >= 80 and c.doses = 0)::int as elderly80_unvaccinated,
    count(distinct c.resident_id) filter (where not c.red and not c.yellow_reason)::int as green,
    count(distinct c.resident_id) filter (where not c.red and c.yellow_reason)::int as yellow,
    count(distinct c.resident_id) filter (where c.red)::int as red,
    count(distinct c.resident_id) filter (where c.observed)::int as observed,
    count(distinct c.resident_id) filter (where c.abnormal_scan)::int as abnormal_scans,
    count(distinct c.resident_id) filter (where c.active_case)::int as reason_active_case,
    count(distinct c.resident_id) filter (where c.quarantined)::int as reason_close_contact,
    count(distinct c.resident_id) filter (where not c.exempt and not c.within_interval)::int as reason_no_recent_test,
    count(distinct c.resident_id) filter (where c.venue_exposed)::int as reason_venue_exposure
  from coded c join region_map m on m.community = c.community_code
  group by m.region`;
}

/**
 * Permits (4), counted in the enterprise's region (domain.md). Status at T is
 * the to_status of the permit's latest event at or before T (permit_events;
 * the status column on work_permits is a cache and is not read). Documented
 * choice (README, permits/db.ts): EXPIRED is implicit — an APPROVED permit
 * past valid_to — which "active" excludes by valid_from <= T < valid_to.
 * `pending` and `active` count permits; `resumedWorkers` distinct holders.
 */
function permitsSql(o: BruteForceOptions): string {
  const T = ts(o.asOf);
  return `with ${regionMapCte(o.districtCode)},
  permit_at as (
    select w.id, w.resident_id, w.valid_from, w.valid_to, en.community_code,
      (select e.to_status from permits.permit_events e where e.permit_id = w.id and e.at <= ${T}
        order by e.at desc, e.id desc limit 1) as status
    from permits.work_permits w join permits.enterprises en on en.id = w.enterprise_id
  ),
  enterprise_at as (
    select en.id, en.community_code,
      (select c.status from permits.enterprise_status_changes c where c.enterprise_id = en.id and c.at <= ${T}
        order by c.at desc, c.id desc limit 1) as status
    from permits.enterprises en
  ),
  permit_counts as (
    select m.region,
      count(*) filter (where p.status = 'PENDING')::int as pending,
      count(*) filter (where p.status = 'APPROVED' and p.valid_from <= ${T} and p.valid_to > ${T})::int as active,
      count(distinct p.resident_id) filter (where p.status = 'APPROVED' and p.valid_from <= ${T} and p.valid_to > ${T})::int as resumed_workers
    from permit_at p join region_map m on m.community = p.community_code
    group by m.region
  ),
  enterprise_counts as (
    select m.region, count(*) filter (where e.status = 'APPROVED_TO_RESUME')::int as enterprises_resumed
    from enterprise_at e join region_map m on m.community = e.community_code
    group by m.region
  )
  select coalesce(p.region, e.region) as region, p.pending, p.active, p.resumed_workers, e.enterprises_resumed
  from permit_counts p full join enterprise_counts e on e.region = p.region`;
}

/**
 * Cases (5), counted in the community at report (positive_cases.community_code).
 * Status and facility at T from the timeline (case_events: the latest event at
 * or before T; the cached status/facility columns are not read). Counts are of
 * distinct residents (domain.md: "every count is of distinct residents unless
 * it says otherwise"). Documented choice (schema CaseIndexes): a close contact
 * counts in the community at report of the case they were exposed to; in
 * quarantine at T = started <= T, planned end > T, not released/converted
 * (ended_at) by T.
 */
function casesSql(o: BruteForceOptions): string {
  const T = ts(o.asOf);
  const dayStart = ts(shanghaiDay(o.asOf).start);
  return `with ${regionMapCte(o.districtCode)},
  case_at as (
    select c.id, c.resident_id, c.community_code, c.reported_at, l.status, f.type as facility_type,
      exists (select 1 from cases.case_events d where d.case_id = c.id and d.status = 'DISCHARGED' and d.at <= ${T}) as discharged
    from cases.positive_cases c
    left join lateral (select e.status, e.facility_id from cases.case_events e where e.case_id = c.id and e.at <= ${T}
                        order by e.at desc, e.id desc limit 1) l on true
    left join cases.facilities f on f.id = l.facility_id
  ),
  case_counts as (
    select m.region,
      count(distinct c.resident_id) filter (where c.reported_at >= ${dayStart} and c.reported_at <= ${T})::int as new_today,
      count(distinct c.resident_id) filter (where c.status in ('REPORTED', 'TRANSFERRED'))::int as active,
      count(distinct c.resident_id) filter (where c.status = 'TRANSFERRED'
                                             and c.facility_type in ('MAKESHIFT_HOSPITAL', 'DESIGNATED_HOSPITAL'))::int as in_facility,
      count(distinct c.resident_id) filter (where c.discharged)::int as discharged
    from case_at c join region_map m on m.community = c.community_code
    group by m.region
  ),
  contact_counts as (
    select m.region, count(distinct k.resident_id)::int as quarantined
    from cases.close_contacts k
    join cases.positive_cases c on c.id = k.case_id
    join region_map m on m.community = c.community_code
    where k.quarantine_starts_at <= ${T} and k.quarantine_ends_at > ${T} and (k.ended_at is null or k.ended_at > ${T})
    group by m.region
  )
  select coalesce(c.region, k.region) as region, c.new_today, c.active, c.in_facility, c.discharged, k.quarantined
  from case_counts c full join contact_counts k on k.region = c.region`;
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const rate = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

/** Computes the 39 indexes of the district and each of its towns at T. */
export async function bruteForceIndexes(database: Database, o: BruteForceOptions): Promise<BruteForceResult> {
  if (!/^\d{6}$/.test(o.districtCode)) throw new Error(`district code must be 6 digits, got "${o.districtCode}"`);
  const started = performance.now();
  const regionRows = await rows(
    database,
    `select code, name, level from population.regions where code = '${o.districtCode}'
     union all
     select code, name, level from population.regions where parent_code = '${o.districtCode}' and level = 'TOWN'
     order by code`,
  );
  if (!regionRows.some((r) => r.code === o.districtCode)) throw new Error(`district ${o.districtCode} not found in population.regions`);

  // One statement at a time: PGlite has one connection, and timings stay readable.
  const [pop, popMs] = await timed(() => rows(database, populationSql(o)));
  const [hea, heaMs] = await timed(() => rows(database, healthSql(o)));
  const [per, perMs] = await timed(() => rows(database, permitsSql(o)));
  const [cas, casMs] = await timed(() => rows(database, casesSql(o)));
  const byRegion = (list: Record<string, unknown>[]) => new Map(list.map((r) => [String(r.region), r]));
  const [popBy, heaBy, perBy, casBy] = [byRegion(pop), byRegion(hea), byRegion(per), byRegion(cas)];

  const regions = regionRows.map((region): RegionExpectation => {
    const code = String(region.code);
    const p = popBy.get(code) ?? {};
    const h = heaBy.get(code) ?? {};
    const w = perBy.get(code) ?? {};
    const c = casBy.get(code) ?? {};
    const rates: RegionExpectation['rates'] = {
      'health.testing.coverage72h': { numerator: num(h.nonexempt_within72), denominator: num(h.nonexempt) },
      'health.vaccination.coverage': { numerator: num(h.fully), denominator: num(h.residents) },
      'health.vaccination.elderly60PlusFullyVaccinatedRate': { numerator: num(h.elderly60_fully), denominator: num(h.elderly60) },
    };
    const values: IndexValues = {
      'population.residents': num(p.residents),
      'population.households': num(p.households),
      'population.registered': num(p.registered),
      'population.floating': num(p.floating),
      'population.overseas': num(p.overseas),
      'population.children': num(p.children),
      'population.elderly60Plus': num(p.elderly60),
      'population.elderly80Plus': num(p.elderly80),
      'population.specialCare': num(p.special_care),
      'health.testing.sampledToday': num(h.sampled_today),
      'health.testing.within24h': num(h.within24),
      'health.testing.within48h': num(h.within48),
      'health.testing.within72h': num(h.within72),
      'health.testing.untested72h': num(h.untested72),
      'health.testing.coverage72h': rate(num(h.nonexempt_within72), num(h.nonexempt)),
      'health.testing.pendingResults': num(h.pending),
      'health.testing.positiveToday': num(h.positive_today),
      'health.testing.poolPositivePendingRetest': num(h.pool_pending),
      'health.testing.exempt': num(h.exempt),
      'health.vaccination.firstDose': num(h.first_dose),
      'health.vaccination.fullyVaccinated': num(h.fully),
      'health.vaccination.boosted': num(h.boosted),
      'health.vaccination.coverage': rate(num(h.fully), num(h.residents)),
      'health.vaccination.elderly60PlusFullyVaccinatedRate': rate(num(h.elderly60_fully), num(h.elderly60)),
      'health.vaccination.elderly80PlusUnvaccinated': num(h.elderly80_unvaccinated),
      'health.healthCodes.green': num(h.green),
      'health.healthCodes.yellow': num(h.yellow),
      'health.healthCodes.red': num(h.red),
      'health.homeObservation.active': num(h.observed),
      'health.venues.abnormalScans24h': num(h.abnormal_scans),
      'permits.pending': num(w.pending),
      'permits.active': num(w.active),
      'permits.resumedWorkers': num(w.resumed_workers),
      'permits.enterprisesResumed': num(w.enterprises_resumed),
      'cases.newToday': num(c.new_today),
      'cases.active': num(c.active),
      'cases.inFacility': num(c.in_facility),
      'cases.discharged': num(c.discharged),
      'cases.closeContactsInQuarantine': num(c.quarantined),
    };
    const reasons = {
      activeCase: num(h.reason_active_case),
      poolPending: num(h.pool_pending),
      closeContact: num(h.reason_close_contact),
      noRecentTest: num(h.reason_no_recent_test),
      homeObservation: num(h.observed),
      venueExposure: num(h.reason_venue_exposure),
    };
    return { code, name: String(region.name), level: region.level === 'DISTRICT' ? 'DISTRICT' : 'TOWN', values, rates, reasons };
  });

  return {
    regions,
    millis: { population: popMs, health: heaMs, permits: perMs, cases: casMs, total: performance.now() - started },
  };
}
