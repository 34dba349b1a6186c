/**
 * Permits fixtures: enterprises and work permits with hand-written histories,
 * written straight into the permits tables (fast, and independent of the
 * mutations under test). The status caches are set to the last change, as
 * the commands would leave them.
 */
import { enterprises, enterpriseStatusChanges, permitEvents, workPermits, type EnterpriseRow, type WorkPermitRow } from '../../subgraphs/permits/db.js';
import { makeCreditCode } from '../../subgraphs/permits/enterprise/credit-code.js';
import type { Db } from '../../subgraphs/shared/db/database.js';
import { COMMUNITY_A1 } from './builders.js';

type ResumptionStatus = EnterpriseRow['resumptionStatus'];
type PermitStatus = WorkPermitRow['status'];

export interface EnterpriseSpec {
  community?: string;
  name?: string;
  industry?: string;
  creditCode?: string;
  registeredAt?: Date;
  /** Changes after registration (which is NOT_RESUMED at registeredAt), in order. */
  changes?: { status: ResumptionStatus; at: Date; reason?: string }[];
}

export interface PermitSpec {
  residentId: number;
  enterpriseId: number;
  type?: 'ON_SITE' | 'CLOSED_LOOP';
  appliedAt: Date;
  /** Changes after the application (PENDING at appliedAt), in order. An APPROVED change sets validFrom = its at. */
  changes?: { status: PermitStatus; at: Date; reason?: string }[];
  /** validTo of an approved permit (default validFrom + 30 days). */
  validTo?: Date;
}

const DAY = 24 * 3600 * 1000;

export function permitsBuilders(db: Db) {
  let sequence = 0;

  /** A valid, unique unified social credit code. */
  function creditCode(division = '310118'): string {
    return makeCreditCode('91', division, String(10_000_000 + ++sequence * 7919).slice(-8));
  }

  async function enterprise(spec: EnterpriseSpec = {}): Promise<EnterpriseRow> {
    const registeredAt = spec.registeredAt ?? new Date('2020-01-01T00:00:00Z');
    const changes = spec.changes ?? [];
    const [row] = await db
      .insert(enterprises)
      .values({
        creditCode: spec.creditCode ?? creditCode(),
        name: spec.name ?? `Enterprise ${++sequence}`,
        industry: spec.industry ?? 'MANUFACTURING',
        communityCode: spec.community ?? COMMUNITY_A1,
        resumptionStatus: changes.at(-1)?.status ?? 'NOT_RESUMED',
        createdAt: registeredAt,
      })
      .returning();
    await db.insert(enterpriseStatusChanges).values([
      { enterpriseId: row!.id, status: 'NOT_RESUMED', at: registeredAt, actor: 'test-builder', reason: 'registered' },
      ...changes.map((c) => ({ enterpriseId: row!.id, status: c.status, at: c.at, actor: 'test-builder', reason: c.reason ?? 'test fixture' })),
    ]);
    return row!;
  }

  async function permit(spec: PermitSpec): Promise<WorkPermitRow> {
    const changes = spec.changes ?? [];
    const approval = changes.find((c) => c.status === 'APPROVED');
    const [row] = await db
      .insert(workPermits)
      .values({
        residentId: spec.residentId,
        enterpriseId: spec.enterpriseId,
        type: spec.type ?? 'ON_SITE',
        status: changes.at(-1)?.status ?? 'PENDING',
        validFrom: approval?.at ?? null,
        validTo: approval ? (spec.validTo ?? new Date(approval.at.getTime() + 30 * DAY)) : null,
        appliedAt: spec.appliedAt,
      })
      .returning();
    let from: PermitStatus = 'PENDING';
    const events: (typeof permitEvents.$inferInsert)[] = [
      { permitId: row!.id, fromStatus: null, toStatus: 'PENDING', at: spec.appliedAt, actor: 'test-builder', reason: 'applied' },
    ];
    for (const change of changes) {
      events.push({ permitId: row!.id, fromStatus: from, toStatus: change.status, at: change.at, actor: 'test-builder', reason: change.reason ?? 'test fixture' });
      from = change.status;
    }
    await db.insert(permitEvents).values(events);
    return row!;
  }

  return { creditCode, enterprise, permit };
}

export type PermitsBuilders = ReturnType<typeof permitsBuilders>;
