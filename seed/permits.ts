/**
 * The permits subgraph's synthetic data: enterprises (about one per 60
 * residents, in the communities in proportion to their people) with valid
 * unified social credit codes, industries and resumption histories, and work
 * permits for their staff in every status with their histories.
 *
 * Staff are drawn from the working-age residents (18–64 at the anchor) living
 * in the enterprise's community for at least 60 days, read back from the
 * population just loaded (one statement); the enterprise and permit rows are
 * then generated from seeded generators alone, cheaply enough to run once per
 * table and stream each table to its own COPY (the tables reference each
 * other, so they load one after another). The same data set and anchor
 * always give the same rows.
 *
 * Histories follow the live rules: an enterprise is NOT_RESUMED from
 * registration, then APPROVED_TO_RESUME, maybe SUSPENDED and approved again;
 * a permit is PENDING from its application, then APPROVED (valid 30 days from
 * the approval, only while its enterprise is APPROVED_TO_RESUME), REJECTED, or
 * APPROVED then REVOKED (when its enterprise is suspended, or the worker
 * leaves). Permits' projection of where residents live
 * (permits.residence_periods) is filled from the residencies loaded, as
 * population's events would have filled it. EXPIRED is not recorded: an approval
 * older than 30 days reads EXPIRED by time, as in the live system. The
 * approvals' evidence says it was generated: generated approvals are not
 * re-checked against the generated samples.
 */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { enterprises, enterpriseStatusChanges, permitEvents, residencePeriods, workPermits } from '../subgraphs/permits/db.js';
import { POPULATION_CONSUMER } from '../subgraphs/permits/events.js';
import { makeCreditCode } from '../subgraphs/permits/enterprise/credit-code.js';
import { queryRows, type Database } from '../subgraphs/shared/db/database.js';
import { copyRows, qualifiedName } from './copy.js';
import type { PopulationPlan } from './population.js';
import { Random } from './random.js';

type EnterpriseRow = typeof enterprises.$inferSelect;
type ChangeRow = typeof enterpriseStatusChanges.$inferSelect;
type PermitRow = typeof workPermits.$inferSelect;
type EventRow = Omit<typeof permitEvents.$inferSelect, 'evidence'> & { evidence: string | null };

export interface CommunityPermits {
  enterprises: EnterpriseRow[];
  statusChanges: ChangeRow[];
  permits: PermitRow[];
  events: EventRow[];
}

export type PermitsCounts = Record<keyof CommunityPermits, number>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const RESIDENTS_PER_ENTERPRISE = 60;
const MIN_WORKING_AGE = 18;
const MAX_WORKING_AGE = 64;
const SETTLED_FOR = 60 * DAY;
const VALID_FOR = 30 * DAY;

const INDUSTRIES = ['MANUFACTURING', 'LOGISTICS', 'RETAIL', 'CATERING', 'CONSTRUCTION', 'IT_SERVICES', 'HEALTHCARE', 'AGRICULTURE', 'FINANCE', 'EDUCATION'];
const INDUSTRY_WEIGHTS = [30, 14, 14, 10, 9, 7, 5, 5, 3, 3];
const INDUSTRY_NAMES: Record<string, readonly string[]> = {
  MANUFACTURING: ['Precision Machinery', 'Electronics', 'Auto Parts', 'Textiles', 'Plastics', 'Printing', 'Garments'],
  LOGISTICS: ['Logistics', 'Express Delivery', 'Cold Chain', 'Warehousing', 'Freight'],
  RETAIL: ['Supermarket', 'Trading', 'Convenience Stores', 'Home Furnishings'],
  CATERING: ['Catering', 'Restaurant Management', 'Food Service'],
  CONSTRUCTION: ['Construction', 'Engineering', 'Decoration', 'Building Materials'],
  IT_SERVICES: ['Information Technology', 'Software', 'Network Technology', 'Data Services'],
  HEALTHCARE: ['Medical Devices', 'Pharmacy', 'Clinic Management', 'Biotech'],
  AGRICULTURE: ['Agricultural Cooperative', 'Aquaculture', 'Seedlings', 'Eco-Farm'],
  FINANCE: ['Financial Services', 'Insurance Agency', 'Leasing'],
  EDUCATION: ['Education Consulting', 'Training Centre', 'Kindergarten Services'],
};
const BRANDS = [
  'Qingpu', 'Dianshan', 'Zhujiajiao', 'Huaxin', 'Xujing', 'Yingpu', 'Xiayang', 'Jinze', 'Liantang', 'Chonggu', 'Baihe', 'Zhaoxiang',
  'Hongqiao', 'Dongfang', 'Huatai', 'Xinda', 'Jiahe', 'Ruifeng', 'Shenghua', 'Tianyi', 'Yongxin', 'Fuhai', 'Longsheng', 'Kangda',
];
const BUREAU = 'qingpu-economic-committee';
const RESUME_REASONS = ['Epidemic prevention plan accepted', 'On-site inspection passed', 'Closed-loop management plan accepted'];
const SUSPEND_REASONS = ['Positive case among the staff', 'Prevention measures not in place at inspection', 'Closed loop broken'];
const REAPPROVE_REASONS = ['Disinfected and staff retested', 'Rectification accepted'];
const REJECT_REASONS = ['Not on the enterprise staff list', 'Duplicate application', 'Application incomplete'];
const REVOKE_REASONS = ['Left the enterprise', 'Enterprise suspended', 'Duplicate permit'];

export interface PermitsPlan {
  /** The data-set name: seeds the generators like the population's. */
  name: string;
  anchor: Date;
}

/**
 * Working-age residents (18–64 at the anchor, Asia/Shanghai days) living in each community at the anchor
 * and settled there for 60 days, read back from the population just loaded (one statement: far cheaper
 * than generating the population again), by community code in code order, residents in ID order.
 */
export async function collectWorkers(database: Database, anchor: Date): Promise<Map<string, { residents: number; workers: number[] }>> {
  const t = sql`${anchor.toISOString()}::timestamptz`;
  const today = sql`(${t} at time zone 'Asia/Shanghai')::date`;
  const rows = await queryRows<{ community_code: string; residents: number | string; workers: string | null }>(
    database.db,
    sql`select r.community_code, count(*) as residents,
        string_agg(r.resident_id::text, ',' order by r.resident_id) filter (where
          p.birth_date <= (${today} - interval '${sql.raw(String(MIN_WORKING_AGE))} years')::date
          and p.birth_date > (${today} - interval '${sql.raw(String(MAX_WORKING_AGE + 1))} years')::date
          and r.started_at <= ${t} - interval '${sql.raw(String(SETTLED_FOR / DAY))} days') as workers
      from population.residencies r
      join population.residents p on p.id = r.resident_id
      where r.started_at <= ${t} and (r.ended_at is null or r.ended_at > ${t})
      group by r.community_code
      order by r.community_code`,
  );
  return new Map(
    rows.map((row) => [row.community_code, { residents: Number(row.residents), workers: row.workers ? row.workers.split(',').map(Number) : [] }]),
  );
}

/** One community's enterprises and permits at a time; the same plan and workers always yield the same rows. */
export function* generatePermits(plan: PermitsPlan, workers: ReadonlyMap<string, { residents: number; workers: readonly number[] }>): Generator<CommunityPermits> {
  const anchor = plan.anchor.getTime();
  const ids = { enterprise: 0, change: 0, permit: 0, event: 0 };
  for (const [communityCode, { residents, workers: staff }] of workers) {
    const random = new Random(`${plan.name}:permits:${communityCode}`);
    const rows: CommunityPermits = { enterprises: [], statusChanges: [], permits: [], events: [] };
    const expected = residents / RESIDENTS_PER_ENTERPRISE;
    const count = Math.floor(expected) + (random.chance(expected - Math.floor(expected)) ? 1 : 0);
    // Staff are dealt out from a shuffled copy, so an enterprise never has one worker twice.
    const pool = random.shuffled(staff);
    let next = 0;
    for (let e = 0; e < count; e++) {
      const id = ++ids.enterprise;
      const industry = INDUSTRIES[random.weighted(INDUSTRY_WEIGHTS)]!;
      const createdAt = anchor - random.int(60, 700) * DAY - random.int(0, DAY - 1);
      const change = (status: ChangeRow['status'], at: number, reason: string): ChangeRow => ({ id: ++ids.change, enterpriseId: id, status, at: new Date(at), actor: BUREAU, reason });
      const changes: ChangeRow[] = [{ id: ++ids.change, enterpriseId: id, status: 'NOT_RESUMED', at: new Date(createdAt), actor: BUREAU, reason: 'registered' }];
      let approvedAt: number | null = null;
      let suspendedAt: number | null = null;
      // When the enterprise was suspended and, if it was, approved again (Infinity: never).
      let suspension: { from: number; until: number } | null = null;
      if (random.chance(0.75)) {
        approvedAt = anchor - random.int(3 * HOUR, 50 * DAY);
        changes.push(change('APPROVED_TO_RESUME', approvedAt, random.pick(RESUME_REASONS)));
        if (random.chance(0.12) && anchor - approvedAt > 2 * DAY) {
          suspendedAt = random.int(approvedAt + DAY, anchor - HOUR);
          changes.push(change('SUSPENDED', suspendedAt, random.pick(SUSPEND_REASONS)));
          suspension = { from: suspendedAt, until: Infinity };
          if (random.chance(0.4) && anchor - suspendedAt > 2 * DAY) {
            const reapprovedAt = random.int(suspendedAt + DAY, anchor - HOUR);
            changes.push(change('APPROVED_TO_RESUME', reapprovedAt, random.pick(REAPPROVE_REASONS)));
            suspension.until = reapprovedAt;
            suspendedAt = null;
          }
        }
      }
      rows.statusChanges.push(...changes);
      rows.enterprises.push({
        id,
        creditCode: makeCreditCode(random.chance(0.9) ? '91' : '92', '310118', `MA${base31(id, 6)}`),
        name: `Shanghai ${random.pick(BRANDS)} ${random.pick(INDUSTRY_NAMES[industry]!)} Co., Ltd.`,
        industry,
        communityCode,
        resumptionStatus: changes.at(-1)!.status,
        createdAt: new Date(createdAt),
      });

      const applications = approvedAt === null ? (random.chance(0.3) ? random.int(1, 3) : 0) : random.int(2, 18);
      for (let p = 0; p < applications && next < pool.length; p++) {
        const residentId = pool[next++]!;
        const permitId = ++ids.permit;
        const earliest = Math.max(createdAt, (approvedAt ?? anchor - 20 * DAY) - 2 * DAY);
        const appliedAt = random.int(earliest, anchor - 2 * HOUR);
        const events: EventRow[] = [{ id: ++ids.event, permitId, fromStatus: null, toStatus: 'PENDING', at: new Date(appliedAt), actor: BUREAU, reason: 'applied', evidence: null }];
        const event = (fromStatus: EventRow['fromStatus'], toStatus: EventRow['toStatus'], at: number, reason: string | null, evidence: string | null = null) =>
          events.push({ id: ++ids.event, permitId, fromStatus, toStatus, at: new Date(at), actor: BUREAU, reason, evidence });
        let validFrom: number | null = null;
        // Approval needs the enterprise APPROVED_TO_RESUME: nothing is decided before its first approval.
        const decidedAt = Math.max(appliedAt + random.int(2 * HOUR, 72 * HOUR), approvedAt === null ? 0 : approvedAt + HOUR);
        const resumedWhenDecided = approvedAt !== null && !(suspension && decidedAt >= suspension.from && decidedAt < suspension.until);
        const pending = approvedAt === null ? random.chance(0.6) : anchor - appliedAt < 3 * DAY && random.chance(0.5);
        if (!pending && decidedAt < anchor) {
          if (random.chance(0.08) || !resumedWhenDecided) {
            event('PENDING', 'REJECTED', decidedAt, random.pick(REJECT_REASONS));
          } else {
            validFrom = decidedAt;
            const evidence = JSON.stringify({ checkedAt: new Date(decidedAt).toISOString(), codeColor: 'GREEN', codeReasons: [], sample: null, source: 'generated' });
            event('PENDING', 'APPROVED', decidedAt, null, evidence);
            const validTo = decidedAt + VALID_FOR;
            if (suspendedAt !== null && suspendedAt > decidedAt && suspendedAt < validTo) {
              event('APPROVED', 'REVOKED', suspendedAt, 'Enterprise suspended');
            } else if (random.chance(0.06)) {
              const end = Math.min(validTo, anchor);
              if (end - decidedAt > 2 * HOUR) event('APPROVED', 'REVOKED', random.int(decidedAt + HOUR, end - HOUR), random.pick(REVOKE_REASONS));
            }
          }
        }
        rows.events.push(...events);
        rows.permits.push({
          id: permitId,
          residentId,
          enterpriseId: id,
          type: industry === 'MANUFACTURING' && random.chance(0.3) ? 'CLOSED_LOOP' : 'ON_SITE',
          status: events.at(-1)!.toStatus,
          validFrom: validFrom === null ? null : new Date(validFrom),
          validTo: validFrom === null ? null : new Date(validFrom + VALID_FOR),
          appliedAt: new Date(appliedAt),
        });
      }
    }
    yield rows;
  }
}

/** In foreign-key order. */
const TABLES: readonly { key: keyof CommunityPermits; table: PgTable }[] = [
  { key: 'enterprises', table: enterprises },
  { key: 'statusChanges', table: enterpriseStatusChanges },
  { key: 'permits', table: workPermits },
  { key: 'events', table: permitEvents },
];

/** Generates and loads the permits tables (after population: staff are its residents). */
export async function seedPermits(database: Database, population: PopulationPlan, report: (message: string) => void = () => {}): Promise<PermitsCounts> {
  const started = performance.now();
  const workers = await collectWorkers(database, population.anchor);
  const plan = { name: population.name, anchor: population.anchor };
  const counts = { enterprises: 0, statusChanges: 0, permits: 0, events: 0 };
  for (const { key, table } of TABLES) {
    counts[key] = await copyRows(database, table, (function* () {
      for (const community of generatePermits(plan, workers)) yield* community[key] as (typeof table)['$inferSelect'][];
    })());
  }
  for (const { table } of TABLES) {
    const name = qualifiedName(table);
    await database.db.execute(sql.raw(`select setval(pg_get_serial_sequence('${name}', 'id'), coalesce(max(id), 0) + 1, false) from ${name}`));
  }
  const periods = await projectResidences(database);
  await database.db.execute(sql.raw(`analyze ${[...TABLES.map((t) => t.table), residencePeriods].map(qualifiedName).join(', ')}`));
  report(
    `permits: ${counts.enterprises.toLocaleString('en-US')} enterprises, ${counts.statusChanges.toLocaleString('en-US')} status changes, ` +
      `${counts.permits.toLocaleString('en-US')} permits, ${counts.events.toLocaleString('en-US')} permit events, ` +
      `${periods.toLocaleString('en-US')} residence periods in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return counts;
}

/**
 * Permits' projection of where residents live (permits.residence_periods), as population's events would have
 * built it: every residency period just loaded. The consumer starts after the population outbox as it stands,
 * whose events (if any) the loaded periods already hold.
 */
async function projectResidences(database: Database): Promise<number> {
  const [projected] = await queryRows<{ n: number | string }>(
    database.db,
    sql`with projected as (
      insert into permits.residence_periods (resident_id, community_code, address, started_at, ended_at)
      select resident_id, community_code, address, started_at, ended_at from population.residencies order by id
      returning 1)
    select count(*) as n from projected`,
  );
  await database.db.execute(sql`
    insert into permits.event_cursors (consumer, last_id)
    select ${POPULATION_CONSUMER}, coalesce(max(id), 0) from population.outbox`);
  return Number(projected?.n ?? 0);
}

/** `n` in `width` characters of the credit-code alphabet (unique per n): the organization-code body after "MA". */
function base31(n: number, width: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let text = '';
  for (let rest = n; text.length < width; rest = Math.floor(rest / 31)) text = alphabet[rest % 31]! + text;
  return text;
}
