import { and, arrayContains, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { auditEvents, type AuditEventRow } from '../../shared/audit/db.js';
import { badUserInput, forbidden } from '../../shared/errors.js';
import { connectionTypes, decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import { parseResidentId } from '../resident/resident-id.js';
import type { PopulationContext } from '../context.js';
import { AuditAction, AuditEvent, AuditEventFilter } from './audit-event.type.js';

export const { ConnectionType: AuditEventConnection } = connectionTypes(AuditEvent, 'AuditEvent', 'audit event');

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    at: row.at,
    actor: row.actor,
    role: row.role,
    region: row.region,
    action: row.action as AuditAction,
    operationName: row.operationName,
    fields: row.fields,
    residentIds: row.residentIds.map(String),
    purpose: row.purpose,
  };
}

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Query(() => AuditEventConnection, {
    description: 'The audit trail, newest first: every change and every read of unmasked personal data. District administrators only (FORBIDDEN otherwise).',
  })
  async auditEvents(
    @Arg('filter', () => AuditEventFilter, { nullable: true, description: 'Criteria; every event when omitted.' }) filter: AuditEventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: PopulationContext,
  ) {
    // The gateway refuses it to other roles already; a subgraph served alone refuses it too.
    if (ctx.viewer.role !== 'DISTRICT_ADMIN') throw forbidden('Only a DISTRICT_ADMIN may read auditEvents.');
    const size = pageSize(first);
    const afterKey = decodeCursor(after, ['number'] as const);
    if (filter?.from && filter.to && filter.from > filter.to) throw badUserInput('filter.to', 'to is before from.');
    const conditions: SQL[] = [];
    if (filter?.residentId != null) conditions.push(arrayContains(auditEvents.residentIds, [parseResidentId(filter.residentId, 'filter.residentId')]));
    if (filter?.actor != null) conditions.push(eq(auditEvents.actor, filter.actor));
    if (filter?.from) conditions.push(gte(auditEvents.at, filter.from));
    if (filter?.to) conditions.push(lt(auditEvents.at, filter.to));
    const where = and(...conditions);
    const [rows, [total]] = await Promise.all([
      ctx.db
        .select()
        .from(auditEvents)
        .where(and(where, afterKey ? lt(auditEvents.id, afterKey[0]) : undefined))
        .orderBy(desc(auditEvents.id))
        .limit(size + 1),
      ctx.db.select({ n: count() }).from(auditEvents).where(where),
    ]);
    return toConnection(rows, size, total?.n ?? 0, (row) => encodeCursor([row.id]), toAuditEvent);
  }
}
