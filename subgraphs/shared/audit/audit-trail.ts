/**
 * The audit trail's one writer and the one Apollo hook that feeds it: after
 * each request, one CHANGE row for a mutation and one READ_PERSONAL row when
 * personal data went out unmasked. The gateway runs the hook over its
 * in-process subgraphs (gateway/audit.ts); a subgraph served alone runs it
 * over its own context (serve-subgraph.ts).
 *
 * Failing closed: when the READ_PERSONAL row cannot be written, the response's
 * data is withheld (an unrecorded read of personal data must not happen). A
 * CHANGE row that cannot be written is logged loudly, whole, so it can be
 * replayed from the log; the response stands, as the change is already
 * committed and failing it would invite the client to repeat it.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Kind, valueFromASTUntyped, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { Db } from '../db/database.js';
import { numericId } from '../ids.js';
import type { Viewer } from '../viewer.js';
import { auditEvents, type NewAuditEvent } from './db.js';
import { mergedReads } from './personal-reads.js';

export const PURPOSE_HEADER = 'x-purpose';
const MAX_PURPOSE_LENGTH = 200;

/** The stated purpose: control characters stripped, trimmed, at most 200 characters; null when none. */
export function cleanPurpose(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  // eslint-disable-next-line no-control-regex
  const cleaned = [...raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim()].slice(0, MAX_PURPOSE_LENGTH).join('').trim();
  return cleaned === '' ? null : cleaned;
}

/** The one writer: inserts the rows, or logs them whole and throws. */
export async function writeAuditEvents(db: Db, rows: NewAuditEvent[], log: Pick<Console, 'error'> = console): Promise<void> {
  if (rows.length === 0) return;
  try {
    await db.insert(auditEvents).values(rows);
  } catch (error) {
    log.error(`AUDIT WRITE FAILED: ${rows.length} audit row(s) not recorded: ${JSON.stringify(rows)}`, error);
    throw error;
  }
}

/** What one served request leaves in the audit trail. */
export function auditRowsOf(request: {
  viewer: Viewer;
  operation: OperationDefinitionNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  data: Record<string, unknown> | null | undefined;
  /** The request's subgraph contexts, holding what PersonalField collected. */
  contexts: readonly unknown[];
  purpose: string | null;
}): { change: NewAuditEvent | null; read: NewAuditEvent | null } {
  const { viewer, operation } = request;
  const fields = rootFields(operation.selectionSet);
  const base = {
    actor: viewer.id,
    role: viewer.role,
    region: viewer.regionCode,
    operationName: request.operationName ?? operation.name?.value ?? null,
    fields: fields.map((field) => field.name),
    purpose: request.purpose,
  };
  const change =
    operation.operation === 'mutation' ? { ...base, action: 'CHANGE' as const, residentIds: residentsNamedBy(fields, request.variables, request.data) } : null;
  const reads = mergedReads(request.contexts);
  const read = reads ? { ...base, action: 'READ_PERSONAL' as const, residentIds: [...reads.residentIds].sort((a, b) => a - b) } : null;
  return { change, read };
}

interface RootField {
  name: string;
  responseKey: string;
  arguments: readonly { name: string; value: ValueNode }[];
}

function rootFields(selectionSet: SelectionSetNode): RootField[] {
  const fields: RootField[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD && !selection.name.value.startsWith('__')) {
      fields.push({ name: selection.name.value, responseKey: selection.alias?.value ?? selection.name.value, arguments: (selection.arguments ?? []).map((a) => ({ name: a.name.value, value: a.value })) });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...rootFields(selection.selectionSet));
    }
  }
  return fields;
}

/**
 * Residents a mutation names: any `residentId` (or `residentIds`) in its
 * arguments, inputs included; the `id` of the *Resident mutations; and the
 * `id` a *Resident mutation answers with (registerResident's new resident).
 */
function residentsNamedBy(fields: RootField[], variables: Record<string, unknown>, data: Record<string, unknown> | null | undefined): number[] {
  const ids = new Set<number>();
  const add = (value: unknown) => {
    const id = typeof value === 'string' || typeof value === 'number' ? numericId(String(value)) : null;
    if (id !== null) ids.add(id);
  };
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'residentId') add(inner);
        else if (key === 'residentIds' && Array.isArray(inner)) inner.forEach(add);
        else walk(inner);
      }
    }
  };
  for (const field of fields) {
    const args = Object.fromEntries(field.arguments.map((arg) => [arg.name, valueFromASTUntyped(arg.value, variables)]));
    walk(args);
    if (/Resident$/.test(field.name)) {
      add(args.id);
      const answered = data?.[field.responseKey];
      if (answered && typeof answered === 'object') add((answered as { id?: unknown }).id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

const WITHHELD = {
  message: 'The read of personal data could not be recorded in the audit trail, so its data is withheld. Try again later.',
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
};

/** The hook: after each request, its audit rows through the one writer. */
export function auditPlugin<Context>(access: {
  viewerOf(context: Context): Viewer | undefined;
  /** Where the rows go; null when this process executed nothing of the request (its subgraphs are served elsewhere). */
  dbOf(context: Context): Db | null;
  contextsOf(context: Context): readonly unknown[];
}): ApolloServerPlugin<Context & object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext: GraphQLRequestContextWillSendResponse<Context & object>) {
          const { contextValue, operation, request, response } = requestContext;
          const viewer = access.viewerOf(contextValue);
          if (!operation || !viewer || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const { change, read } = auditRowsOf({
            viewer,
            operation,
            operationName: request.operationName ?? null,
            variables: request.variables ?? {},
            data: result.data as Record<string, unknown> | null | undefined,
            contexts: access.contextsOf(contextValue),
            purpose: cleanPurpose(request.http?.headers.get(PURPOSE_HEADER)),
          });
          if (!change && !read) return;
          const db = access.dbOf(contextValue);
          if (!db) return;
          if (change) await writeAuditEvents(db, [change]).catch(() => {}); // logged by the writer; the change stands
          if (read) {
            try {
              await writeAuditEvents(db, [read]);
            } catch {
              response.body.singleResult = { errors: [WITHHELD] };
              if (response.http) response.http.status = 500;
            }
          }
        },
      };
    },
  };
}
