/**
 * The case-tracking data of the synthetic district, loaded with COPY after
 * population and health: cases' projection of where residents live, the
 * facilities, about one case per 400 residents over the month before the
 * anchor in every status with their timelines, close contacts, and the
 * events health learns them from.
 *
 * - Every individual POSITIVE sample health announced ('sample.individual-
 *   positive' in health.outbox) is applied here as the consumer would: the
 *   resident's first positive opens a case at its result-at with the barcode
 *   as source_barcode, later ones are NOTE events on it. The rest of the cases
 *   are reported by hand (no sample). The consumer's cursor is set past the
 *   seeded events, and replaying them would open nothing (one case per barcode,
 *   each barcode recorded on the timeline).
 * - cases.residence_periods holds every residency period (as population's
 *   events would have built it, ids included); the population consumer's
 *   cursor starts after population's outbox (empty after seeding), so only
 *   later changes are applied on top.
 * - Facilities: per town a makeshift hospital and home isolation, two
 *   designated hospitals for the district; capacities are set just above each
 *   facility's peak occupancy, so the busiest are nearly full.
 * - What health must know (case.activated, case.closed, case.discharged,
 *   contact.quarantined, contact.released) goes into cases.outbox in time
 *   order; health's consumer applies it on first start (RED codes, home
 *   observation after discharges), as it would have live.
 */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import {
  caseEvents,
  closeContacts,
  facilities,
  positiveCases,
  residencePeriods,
  type CaseEventRow,
  type CloseContactRow,
  type FacilityRow,
  type PositiveCaseRow,
} from '../subgraphs/cases/db.js';
import { queryRows, type Database } from '../subgraphs/shared/db/database.js';
import type { HealthEvent } from '../subgraphs/shared/events/contracts.js';
import { copyRows, qualifiedName } from './copy.js';
import { generatePopulation, type PopulationPlan } from './population.js';
import { Random } from './random.js';
import type { Community, Region } from './regions.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR;
/** About one case per this many residents over the month. */
const RESIDENTS_PER_CASE = 400;
const MONTH = 30 * DAY;
const QUARANTINE_DAYS = 14;
const LAB_ACTOR = 'health:sample.individual-positive';
const CDC = 'qingpu-cdc';
const DISPATCH = 'qingpu-transfer-dispatch';
const CLINICIAN = 'attending-physician';
const TRACER = 'community-tracing-team';

type Classification = PositiveCaseRow['classification'];
type Status = PositiveCaseRow['status'];
type FacilityType = FacilityRow['type'];
const CLASSIFICATIONS: readonly Classification[] = ['ASYMPTOMATIC', 'MILD', 'MODERATE', 'SEVERE', 'CRITICAL'];
const CLASSIFICATION_WEIGHTS = [55, 35, 7, 2.5, 0.5];
/** Days from transfer to discharge, by classification. */
const STAY: Readonly<Record<Classification, [number, number]>> = {
  ASYMPTOMATIC: [6, 10],
  MILD: [7, 12],
  MODERATE: [10, 16],
  SEVERE: [14, 24],
  CRITICAL: [18, 30],
};
const DEATH_CHANCE: Readonly<Record<Classification, number>> = { ASYMPTOMATIC: 0.002, MILD: 0.004, MODERATE: 0.01, SEVERE: 0.08, CRITICAL: 0.3 };

export interface CasesSeedCounts {
  residencePeriods: number;
  facilities: number;
  cases: number;
  caseEvents: number;
  closeContacts: number;
  casesOutbox: number;
}

/** A resident living at the anchor who becomes a case, with the people they may have exposed. */
interface Candidate {
  residentId: number;
  communityCode: string;
  household: number[];
  neighbours: number[];
  positives: HealthEvent['payload'][];
}

interface PlannedEvent {
  at: number;
  type: string;
  actor: string;
  note: string | null;
  status?: Status;
  facilityId?: number | null;
  classification?: Classification;
  data?: Record<string, unknown>;
}

interface PlannedCase {
  candidate: Candidate;
  id: number;
  reportedAt: number;
  classification: Classification;
  events: PlannedEvent[];
  /** When it stops being active (discharge or death), Infinity while active at the anchor. */
  closedAt: number;
}

export async function seedCases(
  database: Database,
  plan: PopulationPlan,
  tree: { regions: Region[]; communities: readonly Community[] },
  report: (message: string) => void,
): Promise<CasesSeedCounts> {
  await ensureEmpty(database);
  const anchor = plan.anchor.getTime();
  const positives = await announcedPositives(database);
  const byResident = new Map<number, HealthEvent['payload'][]>();
  for (const payload of positives) byResident.set(Number(payload.residentId), [...(byResident.get(Number(payload.residentId)) ?? []), payload]);
  const byHand = Math.max(0, Math.round(plan.residents / RESIDENTS_PER_CASE) - byResident.size);
  const handChance = byHand / plan.residents;

  // One pass over the people: the projection streams to COPY, the case candidates are kept (a few thousand).
  const candidates: Candidate[] = [];
  const random = new Random(`${plan.name}:cases:candidates`);
  function* projection(): Generator<typeof residencePeriods.$inferSelect> {
    for (const community of generatePopulation(plan)) {
      const latest = new Map<number, (typeof community.residencies)[number]>();
      for (const period of community.residencies) {
        const { id, residentId, communityCode, address, startedAt, endedAt } = period;
        yield { id, residentId, communityCode, address, startedAt, endedAt };
        const seen = latest.get(residentId);
        if (!seen || seen.startedAt.getTime() <= startedAt.getTime()) latest.set(residentId, period);
      }
      const households = new Map<number, number[]>();
      const living: number[] = [];
      for (const period of latest.values()) {
        if (period.endedAt !== null || period.communityCode !== community.community.code) continue;
        living.push(period.residentId);
        households.set(period.householdId, [...(households.get(period.householdId) ?? []), period.residentId]);
      }
      for (const period of latest.values()) {
        const id = period.residentId;
        const announced = byResident.get(id);
        if (!announced && (period.endedAt !== null || !random.chance(handChance))) continue;
        candidates.push({
          residentId: id,
          communityCode: period.communityCode,
          household: (households.get(period.householdId) ?? []).filter((member) => member !== id),
          neighbours: living.length > 1 ? [0, 1, 2].map(() => random.pick(living)).filter((other) => other !== id) : [],
          positives: announced ?? [],
        });
      }
    }
  }
  const projected = await copyRows(database, residencePeriods, projection());
  report(`cases: residence_periods ${format(projected)} rows; ${format(candidates.length)} cases (${format(byResident.size)} from positive samples)`);

  // Cases in report order, with their timelines.
  const planned = candidates
    .map((candidate) => {
      const r = new Random(`${plan.name}:case:${candidate.residentId}`);
      const first = candidate.positives[0];
      // By hand: more cases towards the end of the month, as an outbreak grows.
      const reportedAt = first ? new Date(first.resultAt).getTime() : anchor - Math.floor(MONTH * (1 - Math.sqrt(r.next()))) - HOUR;
      return { candidate, reportedAt, r };
    })
    .sort((a, b) => a.reportedAt - b.reportedAt || a.candidate.residentId - b.candidate.residentId);

  const facilityPlan = planFacilities(tree);
  const cases: PlannedCase[] = planned.map(({ candidate, reportedAt, r }, index) => planCase(index + 1, candidate, reportedAt, r, anchor, facilityPlan));
  const contacts = planContacts(cases, anchor, plan.name);
  for (const c of cases) c.events.sort((a, b) => a.at - b.at); // stable: same-instant events keep their order

  // Capacities just above each facility's peak occupancy.
  const stays = new Map<number, [number, number][]>();
  for (const c of cases) {
    let facility: number | null = null;
    let since = 0;
    for (const event of c.events) {
      if (event.facilityId === undefined && event.status !== 'DISCHARGED' && event.status !== 'DECEASED') continue;
      if (facility !== null) stays.set(facility, [...(stays.get(facility) ?? []), [since, event.at]]);
      facility = event.status === 'TRANSFERRED' ? (event.facilityId ?? facility) : null;
      since = event.at;
    }
    if (facility !== null) stays.set(facility, [...(stays.get(facility) ?? []), [since, Infinity]]);
  }
  const facilityRows: FacilityRow[] = facilityPlan.rows.map((row) => {
    const peak = peakOverlap(stays.get(row.id) ?? []);
    const capacity = row.type === 'HOME_ISOLATION' ? Math.ceil(peak * 1.5) + 10 : Math.ceil(peak * 1.06) + 1;
    return { ...row, capacity };
  });

  // Rows.
  const caseRows: PositiveCaseRow[] = [];
  const eventRows: CaseEventRow[] = [];
  for (const c of cases) {
    const events = c.events;
    let status: Status = 'REPORTED';
    let facilityId: number | null = null;
    let classification = c.classification;
    let dischargedAt: Date | null = null;
    for (const event of events) {
      status = event.status ?? status;
      if (event.facilityId !== undefined) facilityId = event.facilityId;
      classification = event.classification ?? classification;
      if (event.type === 'DISCHARGED') dischargedAt = new Date(event.at);
      eventRows.push({
        id: eventRows.length + 1,
        caseId: c.id,
        at: new Date(event.at),
        type: event.type,
        actor: event.actor,
        note: event.note,
        status,
        facilityId,
        classification,
        // COPY parses the text as jsonb.
        data: event.data ? JSON.stringify(event.data) : null,
      });
    }
    caseRows.push({
      id: c.id,
      residentId: c.candidate.residentId,
      communityCode: c.candidate.communityCode,
      sourceBarcode: c.candidate.positives[0]?.barcode ?? null,
      reportedAt: new Date(c.reportedAt),
      statedReportedAt: null,
      classification,
      status,
      facilityId,
      dischargedAt,
    });
  }

  await copyRows(database, facilities, facilityRows);
  await copyRows(database, positiveCases, caseRows);
  await copyRows(database, caseEvents, eventRows);
  await copyRows(database, closeContacts, contacts);
  for (const table of [residencePeriods, facilities, positiveCases, caseEvents, closeContacts] as PgTable[]) {
    const name = qualifiedName(table);
    await database.db.execute(sql.raw(`select setval(pg_get_serial_sequence('${name}', 'id'), coalesce(max(id), 0) + 1, false) from ${name}`));
  }
  const published = await publishForHealth(database);
  await database.db.execute(sql`
    insert into cases.event_cursors (consumer, last_id)
    select 'cases<-population', coalesce(max(id), 0) from population.outbox
    union all select 'cases<-health', coalesce(max(id), 0) from health.outbox`);
  await database.db.execute(sql`analyze cases.residence_periods, cases.facilities, cases.positive_cases, cases.case_events, cases.close_contacts`);

  const byStatus = new Map<string, number>();
  for (const row of caseRows) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
  report(
    `cases: ${format(caseRows.length)} cases (${[...byStatus].map(([status, n]) => `${status} ${format(n)}`).join(', ')}), ` +
      `${format(eventRows.length)} timeline events, ${format(contacts.length)} close contacts, ${facilityRows.length} facilities, ` +
      `${format(published)} events for health`,
  );
  return {
    residencePeriods: projected,
    facilities: facilityRows.length,
    cases: caseRows.length,
    caseEvents: eventRows.length,
    closeContacts: contacts.length,
    casesOutbox: published,
  };
}

async function ensureEmpty(database: Database): Promise<void> {
  const [row] = await queryRows<{ used: boolean }>(
    database.db,
    sql`select exists (select 1 from cases.residence_periods) or exists (select 1 from cases.positive_cases)
      or exists (select 1 from cases.facilities) or exists (select 1 from cases.outbox) as used`,
  );
  if (row?.used) throw new Error('The cases tables already hold data: seeding only fills an empty database. Empty them first (npm run seed -- --reset).');
}

async function announcedPositives(database: Database): Promise<HealthEvent['payload'][]> {
  const rows = await queryRows<{ payload: HealthEvent['payload'] | string }>(
    database.db,
    sql`select payload from health.outbox where topic = 'sample.individual-positive' order by id`,
  );
  return rows.map((row) => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload));
}

// ── Facilities ──

interface FacilityPlan {
  rows: Omit<FacilityRow, 'capacity'>[];
  makeshift: Map<string, number>;
  home: Map<string, number>;
  designated: number[];
}

function planFacilities(tree: { regions: Region[]; communities: readonly Community[] }): FacilityPlan {
  const rows: FacilityPlan['rows'] = [];
  const makeshift = new Map<string, number>();
  const home = new Map<string, number>();
  const add = (name: string, type: FacilityType, communityCode: string) => {
    rows.push({ id: rows.length + 1, name, type, communityCode });
    return rows.length;
  };
  const towns = tree.regions.filter((region) => region.level === 'TOWN');
  const firstCommunity = (town: string) => tree.communities.find((c) => c.code.startsWith(town))!.code;
  const designated = [
    add('Qingpu District Central Hospital (designated)', 'DESIGNATED_HOSPITAL', firstCommunity(towns[0]!.code)),
    add('Zhongshan Hospital Qingpu Branch (designated)', 'DESIGNATED_HOSPITAL', firstCommunity(towns[Math.min(1, towns.length - 1)]!.code)),
  ];
  for (const town of towns) {
    const short = town.name.replace(/ (Subdistrict|Town)$/, '');
    makeshift.set(town.code, add(`${short} Makeshift Hospital`, 'MAKESHIFT_HOSPITAL', firstCommunity(town.code)));
    home.set(town.code, add(`${short} Home Isolation`, 'HOME_ISOLATION', firstCommunity(town.code)));
  }
  return { rows, makeshift, home, designated };
}

function peakOverlap(stays: readonly [number, number][]): number {
  const points = stays.flatMap(([from, to]) => [[from, 1] as const, [to, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of points) peak = Math.max(peak, (current += delta));
  return peak;
}

// ── Timelines ──

function planCase(id: number, candidate: Candidate, reportedAt: number, r: Random, anchor: number, facilities: FacilityPlan): PlannedCase {
  let classification = CLASSIFICATIONS[r.weighted(CLASSIFICATION_WEIGHTS)]!;
  const initial = classification;
  const first = candidate.positives[0];
  const events: PlannedEvent[] = [
    {
      at: reportedAt,
      type: 'REPORTED',
      actor: first ? LAB_ACTOR : CDC,
      note: first ? `Individual positive sample ${first.barcode}, sampled ${first.sampledAt}.` : 'Reported by the district CDC (positive outside routine sampling).',
      status: 'REPORTED',
      facilityId: null,
      classification,
      data: first ? { sourceBarcode: first.barcode, sampledAt: first.sampledAt } : undefined,
    },
  ];
  const push = (event: PlannedEvent) => {
    if (event.at <= anchor) events.push(event);
  };
  // Later positive samples of the same person: noted on the case when they arrived.
  let lastResult = reportedAt;
  for (const later of candidate.positives.slice(1)) {
    const at = Math.max(new Date(later.resultAt).getTime(), reportedAt + 1);
    lastResult = Math.max(lastResult, at);
    push({
      at,
      type: 'NOTE',
      actor: LAB_ACTOR,
      note: `Another positive sample ${later.barcode} (sampled ${later.sampledAt}, result ${later.resultAt}).`,
      data: { sourceBarcode: later.barcode, sampledAt: later.sampledAt, resultAt: later.resultAt },
    });
  }

  const town = candidate.communityCode.slice(0, 9);
  const facilityFor = (c: Classification) =>
    c === 'SEVERE' || c === 'CRITICAL' || (c === 'MODERATE' && r.chance(0.6))
      ? r.pick(facilities.designated)
      : r.chance(0.3)
        ? facilities.home.get(town)!
        : facilities.makeshift.get(town)!;
  const transferredAt = reportedAt + r.int(2, 30) * HOUR + r.int(0, 59) * 60_000;
  let facility = facilityFor(classification);
  push({ at: transferredAt, type: 'TRANSFERRED', actor: DISPATCH, note: null, status: 'TRANSFERRED', facilityId: facility });

  // Some worsen (reclassified, moved to a designated hospital) or improve.
  let end = Math.max(transferredAt, lastResult) + r.int(STAY[classification][0], STAY[classification][1]) * DAY + r.int(0, 8) * HOUR;
  if (r.chance(0.12)) {
    const at = transferredAt + r.int(1, 4) * DAY + r.int(0, 23) * HOUR;
    const index = CLASSIFICATIONS.indexOf(classification);
    const next = index < CLASSIFICATIONS.length - 1 && r.chance(0.7) ? CLASSIFICATIONS[index + 1]! : CLASSIFICATIONS[Math.max(0, index - 1)]!;
    if (next !== classification) {
      classification = next;
      push({ at, type: 'RECLASSIFIED', actor: CLINICIAN, note: `${initial} → ${next}`, classification: next, data: { from: initial, to: next } });
      if ((next === 'SEVERE' || next === 'CRITICAL') && !facilities.designated.includes(facility)) {
        facility = r.pick(facilities.designated);
        push({ at: at + r.int(2, 10) * HOUR, type: 'TRANSFERRED', actor: DISPATCH, note: 'Moved for intensive care.', status: 'TRANSFERRED', facilityId: facility });
      }
      end = Math.max(end, at + r.int(STAY[next][0], STAY[next][1]) * DAY);
    }
  }
  // Deaths are rare; one in every 500 cases besides, so that even the demo data set has one.
  const dies = r.chance(DEATH_CHANCE[classification]) || id % 500 === 7;
  push({ at: end, type: dies ? 'DECEASED' : 'DISCHARGED', actor: CLINICIAN, note: dies ? 'Died in hospital.' : 'Two negative tests 24 h apart.', status: dies ? 'DECEASED' : 'DISCHARGED' });
  const closed = events.at(-1)!;
  return { candidate, id, reportedAt, classification: initial, events, closedAt: closed.status === 'DISCHARGED' || closed.status === 'DECEASED' ? closed.at : Infinity };
}

// ── Close contacts ──

function planContacts(cases: PlannedCase[], anchor: number, name: string): CloseContactRow[] {
  const caseOfResident = new Map(cases.map((c) => [c.candidate.residentId, c]));
  const rows: CloseContactRow[] = [];
  for (const c of cases) {
    const r = new Random(`${name}:contacts:${c.id}`);
    const people = new Set([...c.candidate.household.filter(() => r.chance(0.9)), ...c.candidate.neighbours.filter(() => r.chance(0.5))]);
    for (const residentId of people) {
      const startsAt = c.reportedAt + r.int(2, 12) * HOUR;
      if (startsAt > anchor || startsAt >= c.closedAt) continue;
      const other = caseOfResident.get(residentId);
      // An active case needs no quarantine.
      if (other && other.reportedAt <= startsAt && startsAt < other.closedAt) continue;
      const endsAt = startsAt + QUARANTINE_DAYS * DAY;
      const exposure = c.reportedAt - r.int(0, 2) * DAY;
      const row: CloseContactRow = {
        id: rows.length + 1,
        residentId,
        caseId: c.id,
        exposureDate: new Date(exposure + SHANGHAI_OFFSET).toISOString().slice(0, 10),
        quarantineStartsAt: new Date(startsAt),
        statedQuarantineStartsAt: null,
        quarantineEndsAt: new Date(endsAt),
        status: 'QUARANTINED',
        endedAt: null,
        convertedCaseId: null,
        addedBy: TRACER,
      };
      c.events.push({ at: startsAt, type: 'CONTACT_ADDED', actor: TRACER, note: `Close contact ${row.id} (resident ${residentId}) quarantined until ${row.quarantineEndsAt.toISOString()}.`, data: { contactId: row.id, residentId } });
      const releasedAt = r.chance(0.15) ? startsAt + r.int(7, 13) * DAY : Infinity;
      if (other && startsAt <= other.reportedAt && other.reportedAt < Math.min(endsAt, releasedAt)) {
        Object.assign(row, { status: 'CONVERTED_TO_CASE', endedAt: new Date(other.reportedAt), convertedCaseId: other.id });
        c.events.push({ at: other.reportedAt, type: 'CONTACT_CONVERTED', actor: other.events[0]!.actor, note: `Close contact ${row.id} (resident ${residentId}) became case ${other.id}.`, data: { contactId: row.id, residentId, convertedCaseId: other.id } });
      } else if (releasedAt <= anchor && releasedAt < endsAt) {
        Object.assign(row, { status: 'RELEASED', endedAt: new Date(releasedAt) });
        c.events.push({ at: releasedAt, type: 'CONTACT_RELEASED', actor: TRACER, note: 'Negative twice, released early.', data: { contactId: row.id, residentId } });
      }
      rows.push(row);
    }
  }
  return rows;
}

// ── Events for health ──

/** What health would have heard, in time order (ids in that order too). */
async function publishForHealth(database: Database): Promise<number> {
  const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const [row] = await queryRows<{ n: number | string }>(
    database.db,
    sql.raw(`with facts as (
      select c.reported_at as at, 0 as ord, c.id as key, 'case.activated' as topic,
        jsonb_build_object('caseId', c.id::text, 'residentId', c.resident_id::text, 'at', ${iso('c.reported_at')}) as payload
      from cases.positive_cases c
      union all
      select e.at, 1, e.case_id, 'case.closed',
        jsonb_build_object('caseId', c.id::text, 'residentId', c.resident_id::text, 'at', ${iso('e.at')}, 'status', e.status::text)
      from cases.case_events e join cases.positive_cases c on c.id = e.case_id where e.type in ('DISCHARGED', 'DECEASED')
      union all
      select e.at, 2, e.case_id, 'case.discharged',
        jsonb_build_object('caseId', c.id::text, 'residentId', c.resident_id::text, 'at', ${iso('e.at')}, 'observationDays', 7)
      from cases.case_events e join cases.positive_cases c on c.id = e.case_id where e.type = 'DISCHARGED'
      union all
      select k.quarantine_starts_at, 3, k.id, 'contact.quarantined',
        jsonb_build_object('contactId', k.id::text, 'residentId', k.resident_id::text, 'from', ${iso('k.quarantine_starts_at')}, 'until', ${iso('k.quarantine_ends_at')})
      from cases.close_contacts k
      union all
      select k.ended_at, 4, k.id, 'contact.released',
        jsonb_build_object('contactId', k.id::text, 'residentId', k.resident_id::text, 'at', ${iso('k.ended_at')})
      from cases.close_contacts k where k.ended_at is not null
    ), published as (
      insert into cases.outbox (topic, payload, created_at)
      select topic, payload, at from facts order by at, ord, key
      returning 1)
    select count(*) as n from published`),
  );
  return Number(row?.n ?? 0);
}

function format(n: number): string {
  return n.toLocaleString('en-US');
}
