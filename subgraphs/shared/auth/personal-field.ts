/**
 * The one place personal fields are masked: a type-graphql field middleware
 * put on every personal field (`@UseMiddleware(PersonalField('ID_NUMBER'))`).
 * Roles without personal data get the field's mask (masking.ts); the others
 * get the value, and the read is recorded for the audit trail.
 */
import type { MiddlewareFn } from 'type-graphql';
import { recordPersonalRead } from '../audit/personal-reads.js';
import type { BaseContext } from '../subgraph.js';
import { maskAddress, maskBirthDate, maskIdNumber, maskName, maskPhone, seesPersonalData, type PersonalKind } from './masking.js';

export interface PersonalFieldOptions<Root, Context extends BaseContext> {
  /** The resident the field belongs to (default: the parent's `id`); null when it is nobody's in particular. */
  residentId?: (root: Root) => number | null;
  /** ADDRESS only: the name of the community the address lies in (what a masked address shows). */
  communityName?: (root: Root, context: Context) => Promise<string>;
}

const MASKS: Record<Exclude<PersonalKind, 'ADDRESS'>, (value: string) => string> = {
  NAME: maskName,
  ID_NUMBER: maskIdNumber,
  PHONE: maskPhone,
  BIRTH_DATE: maskBirthDate,
};

function defaultResidentId(root: unknown): number | null {
  const id = Number((root as { id?: unknown }).id);
  return Number.isSafeInteger(id) ? id : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function PersonalField<Root = any, Context extends BaseContext = any>(
  kind: PersonalKind,
  options: PersonalFieldOptions<Root, Context> = {},
): MiddlewareFn<Context> {
  if (kind === 'ADDRESS' && !options.communityName) throw new Error('PersonalField(ADDRESS) needs communityName: a masked address shows the community.');
  return async ({ root, context }, next) => {
    if (seesPersonalData(context.viewer.role)) {
      const value: unknown = await next();
      if (value !== null && value !== undefined) recordPersonalRead(context, (options.residentId ?? defaultResidentId)(root as Root));
      return value;
    }
    // Masked: the real value is never produced for this viewer, so nothing is recorded.
    if (kind === 'ADDRESS') return maskAddress(await options.communityName!(root as Root, context));
    const value: unknown = await next();
    return typeof value === 'string' ? MASKS[kind](value) : value;
  };
}
