/**
 * The places with a venue code: shops, markets, clinics, restaurants… in every
 * community. Like the region tree they depend on nothing but the tree, so a
 * venue code means the same place in every data-set size.
 */
import type { VenueRow } from '../subgraphs/health/db.js';
import type { Community } from './regions.js';
import { Random } from './random.js';

export interface VenueDirectory {
  /** In id order, ids 1..n. */
  rows: VenueRow[];
  /** Venue ids of each community. */
  byCommunity: ReadonlyMap<string, readonly number[]>;
  /** Venue ids of each town (every community in it). */
  byTown: ReadonlyMap<string, readonly number[]>;
}

type VenueKind = readonly [type: string, name: (stem: string) => string];

const ESTATE_VENUES: readonly VenueKind[] = [
  ['SUPERMARKET', (s) => `${s} Lianhua Supermarket`],
  ['SHOP', (s) => `${s} Convenience Store`],
  ['SHOP', (s) => `${s} Fruit Shop`],
  ['MARKET', (s) => `${s} Wet Market`],
  ['RESTAURANT', (s) => `${s} Noodle House`],
  ['RESTAURANT', (s) => `${s} Dumpling Restaurant`],
  ['RESTAURANT', (s) => `${s} Hotpot Restaurant`],
  ['RESTAURANT', (s) => `${s} Bakery`],
  ['CLINIC', (s) => `${s} Community Health Station`],
  ['PHARMACY', (s) => `${s} Pharmacy`],
  ['SERVICE', (s) => `${s} Parcel Station`],
  ['SERVICE', (s) => `${s} Hair Salon`],
  ['SERVICE', (s) => `${s} Bank Branch`],
  ['OFFICE', (s) => `${s} Neighbourhood Committee Office`],
  ['SERVICE', (s) => `${s} Property Management Office`],
  ['SPORTS', (s) => `${s} Fitness Centre`],
];

const VILLAGE_VENUES: readonly VenueKind[] = [
  ['SHOP', (s) => `${s} Village Shop`],
  ['MARKET', (s) => `${s} Morning Market`],
  ['CLINIC', (s) => `${s} Village Clinic`],
  ['OFFICE', (s) => `${s} Village Committee Office`],
  ['RESTAURANT', (s) => `${s} Farmhouse Restaurant`],
  ['SHOP', (s) => `${s} Farm Supplies Shop`],
  ['SERVICE', (s) => `${s} Elderly Activity Centre`],
  ['PHARMACY', (s) => `${s} Pharmacy`],
];

export function venueDirectory(communities: readonly Community[]): VenueDirectory {
  const rows: VenueRow[] = [];
  const byCommunity = new Map<string, number[]>();
  const byTown = new Map<string, number[]>();
  for (const community of communities) {
    const random = new Random(`venues:${community.code}`);
    const kinds = community.kind === 'RESIDENTIAL' ? ESTATE_VENUES : VILLAGE_VENUES;
    const count = community.kind === 'RESIDENTIAL' ? random.int(8, 14) : random.int(3, 6);
    const stem = community.name.replace(/ (Residential Community|Village)$/, '');
    const ids: number[] = [];
    for (const [index, [type, name]] of random.shuffled(kinds).slice(0, count).entries()) {
      const id = rows.length + 1;
      rows.push({ id, code: `V${community.code}-${String(index + 1).padStart(2, '0')}`, name: name(stem), type, communityCode: community.code });
      ids.push(id);
    }
    byCommunity.set(community.code, ids);
    const town = byTown.get(community.parentCode!) ?? [];
    town.push(...ids);
    byTown.set(community.parentCode!, town);
  }
  return { rows, byCommunity, byTown };
}

