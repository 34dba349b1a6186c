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

/** The residents an index counts in one community. */
export interface CommunityPeople {
  communityCode: string;
  residentIds: readonly number[];
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
  const totalCount = groups.reduce((sum, group) => sum + group.residentIds.length, 0);

  const taken: { communityCode: string; residentId: number }[] = [];
  let beyondCursor = 0;
  for (const group of groups) {
    if (from && group.communityCode < from.communityCode) continue;
    for (const residentId of group.residentIds) taken.push({ communityCode: group.communityCode, residentId });
    // The cursor's own community may lie mostly before it: only later communities surely follow it.
    if (!from || group.communityCode !== from.communityCode) beyondCursor += group.residentIds.length;
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

