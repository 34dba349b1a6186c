/**
 * ResidentFilter: the search criteria of `residents(filter)`, any combination,
 * validated and turned into SQL conditions over residents ⋈ open residency.
 */
import { and, eq, gt, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { Field, ID, InputType, Int } from 'type-graphql';
import { badUserInput, forbidden } from '../../shared/errors.js';
import { shanghaiDate } from '../../shared/time.js';
import { residencies, residents, residentTags } from '../db.js';
import { CodeColor, HealthCodeReason, VaccinationLevel } from '../../shared/health-vocabulary.js';
import { ResidencyType } from './resident.type.js';
import { inRegion } from '../../shared/region-sql.js';

@InputType({ description: 'Search criteria for residents; every given criterion must hold. Only current (not moved-out) residents match.' })
export class ResidentFilter {
  @Field(() => ID, { nullable: true, description: 'Only residents living in this region (any level).' })
  regionCode?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only residents who currently have every one of these tag codes.' })
  tagsAll?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only residents who currently have at least one of these tag codes.' })
  tagsAny?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Text: part of the name (case-insensitive), or, when it is only digits (optionally ending in X), the last digits of the identity number or phone. ' +
      'A digit search is FORBIDDEN to roles without personal data.',
  })
  text?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only residents at least this old today (whole years).' })
  ageMin?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only residents at most this old today (whole years).' })
  ageMax?: number | null;

  @Field(() => ResidencyType, { nullable: true, description: 'Only residents of this residency type.' })
  residencyType?: ResidencyType | null;

  @Field(() => [CodeColor], { nullable: true, description: 'Only residents whose health code now has one of these colours (an empty list matches nobody).' })
  healthCodeColors?: CodeColor[] | null;

  @Field(() => HealthCodeReason, { nullable: true, description: 'Only residents whose health code now gives this reason.' })
  healthCodeReason?: HealthCodeReason | null;

  @Field(() => [VaccinationLevel], { nullable: true, description: 'Only residents whose vaccination is now at one of these levels (an empty list matches nobody).' })
  vaccinationLevels?: VaccinationLevel[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only residents who now hold an active work permit (approved, within its dates, at an enterprise approved to resume: the resumedWorkers index); false: only those who hold none. ' +
      'With healthCodeColors: [GREEN] it finds the holders whose permits read valid.',
  })
  holdsActivePermit?: boolean | null;
}

const MAX_AGE = 150;
/** `value` with LIKE's wildcards escaped, for use inside a pattern. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The date `years` before `date` (YYYY-MM-DD), as Postgres' date - interval computes it (29 Feb → 28 Feb).
 * Exported for its unit test: the age filters must agree with `age` and with the population indexes' SQL.
 */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export interface FilterChecks {
  /** Unknown tag codes among `codes`. */
  unknownTags(codes: string[]): Promise<string[]>;
  /** NOT_FOUND for a code of no region (whatever its shape), FORBIDDEN for a region outside the viewer's scope. */
  assertRegion(code: string): Promise<void>;
  /** False for roles without personal data: searching by identity-number or phone digits is refused to them. */
  personalData?: boolean;
}

/** Validates the filter (every problem names its field) and returns its SQL conditions. */
export async function filterConditions(filter: ResidentFilter, checks: FilterChecks, now = new Date()): Promise<SQL[]> {
  const conditions: SQL[] = [];

  if (filter.regionCode != null) {
    await checks.assertRegion(filter.regionCode);
    conditions.push(inRegion(residencies.communityCode, filter.regionCode));
  }

  for (const key of ['tagsAll', 'tagsAny'] as const) {
    const codes = filter[key];
    if (codes == null) continue;
    const unknown = await checks.unknownTags(codes);
    if (unknown.length > 0) throw badUserInput(`filter.${key}`, `Unknown tag code(s): ${unknown.join(', ')}. Query \`tags\` for the catalog.`);
  }
  const currentTag = (codes: string[]) =>
    sql`exists (select 1 from ${residentTags} where ${and(
      eq(residentTags.residentId, residents.id),
      inArray(residentTags.tagCode, codes),
      isNull(residentTags.untaggedAt),
    )})`;
  for (const code of new Set(filter.tagsAll ?? [])) conditions.push(currentTag([code]));
  if (filter.tagsAny != null) {
    // An empty "any of" list matches nobody, as set logic says.
    conditions.push(filter.tagsAny.length > 0 ? currentTag(filter.tagsAny) : sql`false`);
  }

  const text = filter.text?.trim();
  if (filter.text != null && !text) throw badUserInput('filter.text', 'text is empty; omit it to search without text.');
  if (text) {
    if (/^\d+[Xx]?$/.test(text)) {
      if (checks.personalData === false) {
        throw forbidden('Searching by identity-number or phone digits needs a role with personal data; search by name instead.');
      }
      const reversed = likeLiteral([...text.toUpperCase()].reverse().join('')) + '%';
      conditions.push(sql`(reverse(${residents.idNumber}) like ${reversed} or reverse(${residents.phone}) like ${reversed})`);
    } else {
      conditions.push(sql`${residents.name} ilike ${'%' + likeLiteral(text) + '%'}`);
    }
  }

  for (const key of ['ageMin', 'ageMax'] as const) {
    const age = filter[key];
    if (age != null && (age < 0 || age > MAX_AGE)) throw badUserInput(`filter.${key}`, `${key} must be between 0 and ${MAX_AGE} (got ${age}).`);
  }
  if (filter.ageMin != null && filter.ageMax != null && filter.ageMin > filter.ageMax) {
    throw badUserInput('filter.ageMin', `ageMin (${filter.ageMin}) is greater than ageMax (${filter.ageMax}).`);
  }
  const today = shanghaiDate(now);
  // age ≥ n ⇔ born on or before today − n years; age ≤ n ⇔ born after today − (n + 1) years.
  if (filter.ageMin != null) conditions.push(lte(residents.birthDate, yearsBefore(today, filter.ageMin)));
  if (filter.ageMax != null) conditions.push(gt(residents.birthDate, yearsBefore(today, filter.ageMax + 1)));

  if (filter.residencyType != null) conditions.push(eq(residencies.residencyType, filter.residencyType));

  return conditions;
}
