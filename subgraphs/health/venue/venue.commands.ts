/**
 * Registering venues and recording scans.
 *
 * A venue's community is checked for shape only (12 digits) and against the
 * viewer's scope: regions belong to the population subgraph, whose tables
 * health must not read, and health's projection knows only communities that
 * someone lives in. A mistyped but well-formed code shows as a venue whose
 * `community` resolves to null.
 */
import { isUniqueViolation } from '../../shared/db/errors.js';
import { badUserInput, conflict } from '../../shared/errors.js';
import type { BaseContext } from '../../shared/subgraph.js';
import { scans, venues, type VenueRow } from '../db.js';
import { knownResident } from '../resident/known-resident.js';
import type { CodeColor } from '../../shared/health-vocabulary.js';
import type { ScanWithVenue } from './venue.mapper.js';
import { venueByCode } from './venue.queries.js';
import type { RegisterVenueInput } from './venue.type.js';
import { requiredText, validCommunityCode } from '../../shared/validation.js';

const VENUE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export async function registerVenue(ctx: BaseContext, input: RegisterVenueInput): Promise<VenueRow> {
  const code = input.code.trim();
  if (!VENUE_CODE.test(code)) {
    throw badUserInput('input.code', `"${input.code}" is not a venue code: 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit.`);
  }
  const name = requiredText(input.name, 'input.name', 100, 'A venue name');
  const type = requiredText(input.type, 'input.type', 50, 'A venue type');
  validCommunityCode(input.communityCode, 'input.communityCode');
  ctx.scope.assertCovers(input.communityCode);
  const taken = () => conflict(`Venue code "${code}" is already registered; choose another code or use the existing venue.`);
  if (await venueByCode(ctx.db, code)) throw taken();
  try {
    const [row] = await ctx.db.insert(venues).values({ code, name, type, communityCode: input.communityCode }).returning();
    return row!;
  } catch (error) {
    // Two registrations of one code racing: the unique index decides.
    if (isUniqueViolation(error, 'venues_code_idx')) throw taken();
    throw error;
  }
}

/**
 * Records one scan of a venue code. Scans of residents who have since moved out are accepted (a scan is a
 * fact about a person at a place, and it can expose others). Not idempotent: the same scan sent twice is two
 * rows, which no rule counts twice (exposures and abnormal-scan indexes count distinct scan instants or residents).
 */
export async function recordVenueScan(
  ctx: BaseContext,
  residentId: string,
  venueCode: string,
  scannedAt: Date | null | undefined,
  colorShown: CodeColor,
  now = new Date(),
): Promise<ScanWithVenue> {
  const at = scannedAt ?? now;
  if (Number.isNaN(at.getTime())) throw badUserInput('scannedAt', 'scannedAt is not a valid instant.');
  if (at.getTime() > now.getTime()) throw badUserInput('scannedAt', `scannedAt (${at.toISOString()}) is in the future.`);
  return ctx.db.transaction(async (tx) => {
    const venue = await venueByCode(tx, venueCode.trim());
    if (!venue) throw badUserInput('venueCode', `No venue has code "${venueCode}"; register it first with registerVenue.`);
    const resident = await knownResident(ctx, tx, residentId);
    const [scan] = await tx.insert(scans).values({ residentId: resident.residentId, venueId: venue.id, scannedAt: at, colorShown }).returning();
    return { scan: scan!, venue };
  });
}
