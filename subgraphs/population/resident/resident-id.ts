import { badUserInput } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';

/** For commands: a malformed resident ID is the caller's mistake, named by field. */
export function parseResidentId(id: string, field = 'id'): number {
  const parsed = numericId(id);
  if (parsed === null) throw badUserInput(field, `${field} "${id}" is not a resident ID (a positive decimal number).`);
  return parsed;
}
