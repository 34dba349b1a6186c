/**
 * Federation: the gateway hands over `{ id }` for the fields health adds to Resident; one the viewer may not see
 * resolves to null (shared/resident-reference.ts).
 */
import { residentInScope } from '../../shared/resident-reference.js';

export const residentReference = { __resolveReference: residentInScope };
