/**
 * Case-tracking fixtures, straight into the cases tables (fast, and
 * independent of the mutations under test): where residents lived (cases'
 * residence_periods), facilities, cases with a hand-written timeline, close
 * contacts; and the events health publishes.
 */
import { asc, eq } from 'drizzle-orm';
import { caseEvents, closeContacts, facilities, outbox, positiveCases, residencePeriods, type FacilityRow, type PositiveCaseRow } from '../../subgraphs/cases/db.js';
import type { Db } from '../../subgraphs/shared/db/database.js';
import type { HealthEvent } from '../../subgraphs/shared/events/contracts.js';
import { producerOutbox } from '../../subgraphs/shared/events/outbox-table.js';
import { publishTo } from '../../subgraphs/shared/events/publish.js';
import { COMMUNITY_A1 } from './builders.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

/** The cases tests' platform: events applied only on drainEvents(), the region tree, and the cases builders. */
export async function startCasesPlatform(): Promise<{ platform: TestPlatform; cases: CasesBuilders }> {
  const platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  return { platform, cases: casesBuilders(platform.test.database.db) };
}

type Status = PositiveCaseRow['status'];
type Classification = PositiveCaseRow['classification'];

export interface FacilitySpec {
  name?: string;
  type?: FacilityRow['type'];
  capacity?: number;
  communityCode?: string;
}

export interface TimelineStep {
  at: Date;
  type: string;
  status: Status;
  facilityId?: number | null;
  classification?: Classification;
}

export interface CaseSpec {
  residentId: number;
  communityCode?: string;
  reportedAt: Date;
  classification?: Classification;
  sourceBarcode?: string;
  /** Changes after the REPORTED event, in order. */
  steps?: Omit<TimelineStep, 'classification'>[];
}

export interface ContactSpec {
  caseId: number;
  residentId: number;
  startsAt: Date;
  endsAt: Date;
  status?: 'QUARANTINED' | 'RELEASED' | 'CONVERTED_TO_CASE';
  endedAt?: Date | null;
}

export interface ResidenceSpec {
  residentId: number;
  communityCode?: string;
  address?: string;
  startedAt?: Date;
  endedAt?: Date | null;
}

export function casesBuilders(db: Db) {
  let sequence = 0;

  /** A period of cases' projection of where a resident lived (what population's events would have written). */
  async function residence(spec: ResidenceSpec): Promise<void> {
    await db.insert(residencePeriods).values({
      residentId: spec.residentId,
      communityCode: spec.communityCode ?? COMMUNITY_A1,
      address: spec.address ?? `Lane ${++sequence}, Room 101`,
      startedAt: spec.startedAt ?? new Date('2020-01-01T00:00:00Z'),
      endedAt: spec.endedAt ?? null,
    });
  }

  async function facility(spec: FacilitySpec = {}): Promise<FacilityRow> {
    const [row] = await db
      .insert(facilities)
      .values({
        name: spec.name ?? `Test facility ${++sequence}`,
        type: spec.type ?? 'MAKESHIFT_HOSPITAL',
        capacity: spec.capacity ?? 100,
        communityCode: spec.communityCode ?? COMMUNITY_A1,
      })
      .returning();
    return row!;
  }

  /** A case with its timeline: REPORTED at reportedAt, then each step; the cache holds the last state. */
  async function positiveCase(spec: CaseSpec): Promise<PositiveCaseRow> {
    const classification = spec.classification ?? 'MILD';
    const steps: TimelineStep[] = [{ at: spec.reportedAt, type: 'REPORTED', status: 'REPORTED', facilityId: null }, ...(spec.steps ?? [])];
    let facilityId: number | null = null;
    const states = steps.map((step) => {
      if (step.facilityId !== undefined) facilityId = step.facilityId;
      return { ...step, facilityId, classification };
    });
    const last = states.at(-1)!;
    const [row] = await db
      .insert(positiveCases)
      .values({
        residentId: spec.residentId,
        communityCode: spec.communityCode ?? COMMUNITY_A1,
        sourceBarcode: spec.sourceBarcode ?? null,
        reportedAt: spec.reportedAt,
        classification,
        status: last.status,
        facilityId: last.facilityId,
        dischargedAt: states.find((s) => s.status === 'DISCHARGED')?.at ?? null,
      })
      .returning();
    await db.insert(caseEvents).values(states.map((s) => ({ caseId: row!.id, at: s.at, type: s.type, actor: 'test-builder', status: s.status, facilityId: s.facilityId, classification })));
    return row!;
  }

  async function contact(spec: ContactSpec) {
    const [row] = await db
      .insert(closeContacts)
      .values({
        caseId: spec.caseId,
        residentId: spec.residentId,
        exposureDate: spec.startsAt.toISOString().slice(0, 10),
        quarantineStartsAt: spec.startsAt,
        quarantineEndsAt: spec.endsAt,
        status: spec.status ?? 'QUARANTINED',
        endedAt: spec.endedAt ?? null,
        addedBy: 'test-builder',
      })
      .returning();
    return row!;
  }

  /** Publishes health's 'sample.individual-positive' events into health.outbox, as health does. */
  async function positiveResults(events: HealthEvent['payload'][]): Promise<void> {
    await db.transaction((tx) => publishTo(tx, producerOutbox('health'), events.map((payload) => ({ topic: 'sample.individual-positive', payload }))));
  }

  const casesOf = (residentId: number) => db.select().from(positiveCases).where(eq(positiveCases.residentId, residentId)).orderBy(asc(positiveCases.id));
  const timelineOf = (caseId: number) => db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
  const casesOutbox = () => db.select().from(outbox).orderBy(asc(outbox.id));

  return { residence, facility, positiveCase, contact, positiveResults, casesOf, timelineOf, casesOutbox };
}

export type CasesBuilders = ReturnType<typeof casesBuilders>;
