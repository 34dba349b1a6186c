/**
 * Drill-down: the residents behind one index of a region at an instant, a
 * page at a time, ordered by the community they count in, then address, then
 * ID. Which residents an index counts comes from the same columns that count
 * them (each subgraph's `peopleAt`), so a list's total is its index.
 *
 * A page reads the addresses of only the communities it reaches: whole
 * communities are taken in code order until they hold more residents than the
 * page, then sorted by address. Rows after those communities sort after every
 * row taken, so the page is exact without ordering the whole region.
 */
import { decodeCursor, encodeCursor, toConnection, type Connection } from '../pagination.js';
import type { CommunityIndex } from './region-sums.js';

/** The residents an index counts in one community: counted at once, named only when a page reaches them. */
export interface CommunityPeople {
  communityCode: string;
  count: number;
  residentIds(): readonly number[];
}

/** Lists already named (few residents: cases, permits). */
export function namedPeople(groups: readonly { communityCode: string; residentIds: readonly number[] }[]): CommunityPeople[] {
  return groups.map((group) => ({ communityCode: group.communityCode, count: group.residentIds.length, residentIds: () => group.residentIds }));
}

/**
 * Lists over per-resident columns grouped by community (CommunityGroups): the rows `counts` holds for, in the
 * region's communities in code order. Counting a district's 1.27 million rows allocates nothing; only the
 * communities a page reaches are turned into IDs.
 */
export function groupedPeople(
  communities: CommunityIndex,
  groups: { offsets: Int32Array; rows: Int32Array },
  regionCode: string,
  counts: (row: number) => boolean,
  residentIdOf: (row: number) => number,
): CommunityPeople[] {
  return communities.inRegion(regionCode).map((community) => {
    const [start, end] = [groups.offsets[community]!, groups.offsets[community + 1]!];
    let count = 0;
    for (let k = start; k < end; k++) if (counts(groups.rows[k]!)) count++;
    const residentIds = () => {
      const ids: number[] = [];
      for (let k = start; k < end; k++) if (counts(groups.rows[k]!)) ids.push(residentIdOf(groups.rows[k]!));
      return ids;
    };
    return { communityCode: communities.codes[community]!, count, residentIds };
  });
}

/** Columns that can name the residents behind their indexes. */
export interface PeopleColumns<I extends string> {
  /**
   * The residents `index` counts at `instant` (≥ the columns' H) in the region, grouped by the community they
   * count in, communities in code order (those with none may be left out). Each resident appears once, in the
   * first community that counts them, so the lengths sum to the index.
   */
  peopleAt(index: I, instant: Date, regionCode: string): CommunityPeople[];
}

/** Each resident's address at the list's instant (missing: ''). */
export type AddressesOf = (residentIds: readonly number[]) => Promise<Map<number, string>>;

interface PersonKey {
  communityCode: string;
  address: string;
  residentId: number;
}

const compareKeys = (a: PersonKey, b: PersonKey) =>
  a.communityCode < b.communityCode ? -1
  : a.communityCode > b.communityCode ? 1
  : a.address < b.address ? -1
  : a.address > b.address ? 1
  : a.residentId - b.residentId;

/** One page of the list `groups` describes (see PeopleColumns.peopleAt), after the cursor `after`. */
export async function indexPeoplePage(groups: readonly CommunityPeople[], addressesOf: AddressesOf, first: number, after: string | null): Promise<Connection<{ id: string }>> {
  const cursor = decodeCursor(after, ['string', 'string', 'number'] as const);
  const from = cursor && { communityCode: cursor[0], address: cursor[1], residentId: cursor[2] };
  const totalCount = groups.reduce((sum, group) => sum + group.count, 0);

  const taken: { communityCode: string; residentId: number }[] = [];
  let beyondCursor = 0;
  for (const group of groups) {
    if (group.count === 0 || (from && group.communityCode < from.communityCode)) continue;
    for (const residentId of group.residentIds()) taken.push({ communityCode: group.communityCode, residentId });
    // The cursor's own community may lie mostly before it: only later communities surely follow it.
    if (!from || group.communityCode !== from.communityCode) beyondCursor += group.count;
    if (beyondCursor > first) break;
  }
  const addresses = await addressesOf(taken.map((person) => person.residentId));
  const rows = taken
    .map((person): PersonKey => ({ ...person, address: addresses.get(person.residentId) ?? '' }))
    .filter((row) => !from || compareKeys(row, from) > 0)
    .sort(compareKeys)
    .slice(0, first + 1);
  return toConnection(rows, first, totalCount, (row) => encodeCursor([row.communityCode, row.address, row.residentId]), (row) => ({ id: String(row.residentId) }));
}

