/**
 * Resident search by region, tags, age and residency type over the present
 * population columns, without a query: one pass over the wanted communities'
 * rows. Pure: no I/O.
 */
import { bornByForAge } from '../../shared/snapshot/region-sums.js';
import { shanghaiDate } from '../../shared/time.js';
import { GONE, TYPES, type PopulationIndexColumns, type ResidencyTypeCode } from './population-indexes.js';

/** What resident search asks of the columns (resident-filter.ts validates and translates the API's filter). */
export interface PresentSearch {
  /** Every one of these region codes must be a prefix of the resident's community (the filter's region, the viewer's scope). */
  regionPrefixes: readonly string[];
  tagsAll: readonly string[];
  /** At least one of these; null: no such condition. */
  tagsAny: readonly string[] | null;
  ageMin: number | null;
  ageMax: number | null;
  residencyType: ResidencyTypeCode | null;
}

/**
 * Residents matching `search` at `instant` (≥ the columns' H): every matching resident ID, ascending (the search's
 * order). Null when a tag is beyond what the columns can hold (the caller asks the database).
 */
export function searchResidents(columns: PopulationIndexColumns, search: PresentSearch, instant: Date): number[] | null {
  const all = search.tagsAll.map((code) => columns.tagBitOf(code));
  const any = search.tagsAny?.map((code) => columns.tagBitOf(code)) ?? null;
  if (all.includes(null) || any?.includes(null)) return null;
  const allMask = (all as number[]).reduce((mask, b) => mask | b, 0);
  const anyMask = any === null ? null : (any as number[]).reduce((mask, b) => mask | b, 0);
  // A tag nobody holds (bit 0): "all" matches nobody, "any" ignores it.
  if (search.tagsAll.length > 0 && (all as number[]).includes(0)) return [];
  const today = shanghaiDate(instant);
  const bornBy = search.ageMin === null ? Infinity : bornByForAge(today, search.ageMin);
  const bornAfter = search.ageMax === null ? -Infinity : bornByForAge(today, search.ageMax + 1);
  const type = search.residencyType === null ? null : TYPES.indexOf(search.residencyType);
  const { communities, offsets, rows, columns: c } = columns.communityRows();
  const ids: number[] = [];
  communities.forEach((code, community) => {
    if (!search.regionPrefixes.every((prefix) => code.startsWith(prefix))) return;
    for (let k = offsets[community]!; k < offsets[community + 1]!; k++) {
      const i = rows[k]!;
      if (c.type[i] === GONE || (type !== null && c.type[i] !== type)) continue;
      if (!(c.birth[i]! <= bornBy && c.birth[i]! > bornAfter)) continue;
      if ((c.tags[i]! & allMask) !== allMask || (anyMask !== null && (c.tags[i]! & anyMask) === 0)) continue;
      ids.push(c.residentId[i]!);
    }
  });
  return ids.sort((a, b) => a - b);
}
