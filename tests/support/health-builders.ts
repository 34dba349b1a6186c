/**
 * Health fixtures for venues, scans, samples, home observations, exemptions
 * and cases events: rows written straight into the health tables (fast, and
 * independent of the mutations under test), and cases events written into
 * cases.outbox exactly as the cases subgraph publishes them (apply them with
 * `platform.drainEvents()`).
 */
import { eq } from 'drizzle-orm';
import { exemptions, homeObservations, people, samples, scans, venues, type HomeObservationRow, type SampleRow, type ScanRow, type VenueRow } from '../../subgraphs/health/db.js';
import type { Db } from '../../subgraphs/shared/db/database.js';
import type { CasesEvent } from '../../subgraphs/shared/events/contracts.js';
import { producerOutbox } from '../../subgraphs/shared/events/outbox-table.js';
import { publishTo } from '../../subgraphs/shared/events/publish.js';
import { COMMUNITY_A1, type BuiltResident, type ResidentSpec } from './builders.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `base` moved by `ms` milliseconds. */
export const plus = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** The health tests' platform: events applied only on drainEvents(), the region tree, and the health builders. */
export async function startHealthPlatform(): Promise<{ platform: TestPlatform; health: HealthBuilders }> {
  const platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  return { platform, health: healthBuilders(platform.test.database.db) };
}

/** A resident known to both population and health: seeded, then the population events drained. */
export async function residentKnownToHealth(platform: TestPlatform, spec: ResidentSpec = {}): Promise<BuiltResident> {
  const built = await platform.seed.resident(spec);
  await platform.drainEvents();
  return built;
}

export interface VenueSpec {
  code?: string;
  name?: string;
  type?: string;
  communityCode?: string;
}

export interface SampleSpec {
  residentId: number;
  sampledAt: Date;
  result?: SampleRow['result'];
  /** Defaults to sampledAt + 12 h for a final result; must be omitted (null) for PENDING. */
  resultAt?: Date | null;
  tubeType?: SampleRow['tubeType'];
  barcode?: string;
}

export interface ObservationSpec {
  residentId: number;
  startedAt: Date;
  /** Planned length in days (default 7), unless plannedEndAt is given. */
  days?: number;
  plannedEndAt?: Date;
  endedAt?: Date | null;
  reason?: string;
  source?: string;
}

export interface ExemptionSpec {
  residentId: number;
  startsAt: Date;
  endsAt?: Date | null;
  source?: 'TAG' | 'RECORD';
  reason?: string;
}

export function healthBuilders(db: Db) {
  let sequence = 0;

  async function venue(spec: VenueSpec = {}): Promise<VenueRow> {
    const n = ++sequence;
    const [row] = await db
      .insert(venues)
      .values({
        code: spec.code ?? `V-TEST-${n}`,
        name: spec.name ?? `Test venue ${n}`,
        type: spec.type ?? 'SUPERMARKET',
        communityCode: spec.communityCode ?? COMMUNITY_A1,
      })
      .returning();
    return row!;
  }

  async function scan(residentId: number, at: VenueRow | number, scannedAt: Date, colorShown: ScanRow['colorShown'] = 'GREEN'): Promise<ScanRow> {
    const venueId = typeof at === 'number' ? at : at.id;
    const [row] = await db.insert(scans).values({ residentId, venueId, scannedAt, colorShown }).returning();
    return row!;
  }

  /** A sample of a resident known to health (their identity number is read from health.people). */
  async function sample(spec: SampleSpec): Promise<SampleRow> {
    const [person] = await db.select({ idNumber: people.idNumber }).from(people).where(eq(people.residentId, spec.residentId));
    if (!person) throw new Error(`Resident ${spec.residentId} is not in health.people: drain the population events first.`);
    const result = spec.result ?? 'NEGATIVE';
    const tubeType = spec.tubeType ?? 'SINGLE';
    const n = ++sequence;
    const [row] = await db
      .insert(samples)
      .values({
        barcode: spec.barcode ?? `HB${String(n).padStart(10, '0')}`,
        residentId: spec.residentId,
        idNumber: person.idNumber,
        sampledAt: spec.sampledAt,
        tubeType,
        poolBarcode: tubeType === 'POOLED' ? `POOL${String(n).padStart(8, '0')}` : null,
        result,
        resultAt: result === 'PENDING' ? null : spec.resultAt === undefined ? plus(spec.sampledAt, 12 * HOUR) : spec.resultAt,
        site: 'Test sampling site',
        lab: 'Test lab',
      })
      .returning();
    return row!;
  }

  async function observation(spec: ObservationSpec): Promise<HomeObservationRow> {
    const [row] = await db
      .insert(homeObservations)
      .values({
        residentId: spec.residentId,
        reason: spec.reason ?? 'Test observation',
        startedAt: spec.startedAt,
        plannedEndAt: spec.plannedEndAt ?? plus(spec.startedAt, (spec.days ?? 7) * DAY),
        endedAt: spec.endedAt ?? null,
        source: spec.source ?? `test:${++sequence}`,
      })
      .returning();
    return row!;
  }

  async function exemption(spec: ExemptionSpec) {
    const [row] = await db
      .insert(exemptions)
      .values({
        residentId: spec.residentId,
        source: spec.source ?? 'RECORD',
        reason: spec.reason ?? 'Test exemption',
        startsAt: spec.startsAt,
        endsAt: spec.endsAt ?? null,
        recordedBy: 'test-builder',
      })
      .returning();
    return row!;
  }

  /** Publishes cases events into cases.outbox, as the cases subgraph does. */
  async function casesEvents(events: CasesEvent | CasesEvent[]): Promise<void> {
    await db.transaction((tx) => publishTo(tx, producerOutbox('cases'), Array.isArray(events) ? events : [events]));
  }

  return { venue, scan, sample, observation, exemption, casesEvents };
}

export type HealthBuilders = ReturnType<typeof healthBuilders>;
