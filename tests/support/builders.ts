/**
 * Test data builders: each test seeds exactly what it asserts on, straight
 * into the tables (fast, and independent of the mutations under test).
 */
import { households, regions, residencies, residents, residentTags } from '../../subgraphs/population/db.js';
import { publish } from '../../subgraphs/population/events.js';
import { withCheckCharacter } from '../../subgraphs/population/resident/identity.js';
import type { Db } from '../../subgraphs/shared/db/database.js';

export const DISTRICT = '310118';
/** Two towns with two communities each, and a third town with none. */
export const TOWN_A = '310118101';
export const TOWN_B = '310118102';
export const TOWN_EMPTY = '310118103';
export const COMMUNITY_A1 = '310118101001';
export const COMMUNITY_A2 = '310118101002';
export const COMMUNITY_B1 = '310118102001';
export const COMMUNITY_B2 = '310118102002';

export interface ResidentSpec {
  /** A chosen (valid) identity number; a unique one is made up when omitted. */
  idNumber?: string;
  community?: string;
  name?: string;
  birthDate?: string; // YYYY-MM-DD
  gender?: 'MALE' | 'FEMALE';
  residencyType?: 'REGISTERED' | 'FLOATING' | 'OVERSEAS';
  phone?: string;
  household?: number;
  address?: string;
  movedInAt?: Date;
  movedOutAt?: Date;
  tags?: (string | { code: string; at: Date; until?: Date })[];
}

export interface BuiltResident {
  id: number;
  idNumber: string;
  phone: string;
  household: number;
}

export function builders(db: Db) {
  let sequence = 0;

  async function regionTree(): Promise<void> {
    await db.insert(regions).values([
      { code: DISTRICT, name: 'Qingpu District', level: 'DISTRICT', parentCode: null },
      { code: TOWN_A, name: 'Xiayang Subdistrict', level: 'TOWN', parentCode: DISTRICT },
      { code: TOWN_B, name: 'Zhaoxiang Town', level: 'TOWN', parentCode: DISTRICT },
      { code: TOWN_EMPTY, name: 'Baihe Town', level: 'TOWN', parentCode: DISTRICT },
      { code: COMMUNITY_A1, name: 'Xiayang Residential Community', level: 'COMMUNITY', parentCode: TOWN_A },
      { code: COMMUNITY_A2, name: 'Songze Village', level: 'COMMUNITY', parentCode: TOWN_A },
      { code: COMMUNITY_B1, name: 'Xiangjia Residential Community', level: 'COMMUNITY', parentCode: TOWN_B },
      { code: COMMUNITY_B2, name: 'Zhaotun Village', level: 'COMMUNITY', parentCode: TOWN_B },
    ]);
  }

  async function household(community = COMMUNITY_A1, address = `Lane ${++sequence}, Room 101`): Promise<number> {
    const [row] = await db.insert(households).values({ communityCode: community, address }).returning({ id: households.id });
    return row!.id;
  }

  /** A valid identity number for a birth date and gender, unique within the test run. */
  function identityNumber(birthDate: string, gender: 'MALE' | 'FEMALE'): string {
    const serial = ++sequence;
    const order = String(Math.floor(serial / 5) % 100).padStart(2, '0');
    const genderDigit = ((serial % 5) * 2 + (gender === 'MALE' ? 1 : 0)) % 10;
    // Distinct area codes keep numbers unique beyond 100 residents per birth date.
    const area = String(310000 + Math.floor(serial / 500)).padStart(6, '0');
    return withCheckCharacter(`${area}${birthDate.replace(/-/g, '')}${order}${genderDigit}`);
  }

  async function resident(spec: ResidentSpec = {}): Promise<BuiltResident> {
    const community = spec.community ?? COMMUNITY_A1;
    const birthDate = spec.birthDate ?? '1990-06-15';
    const gender = spec.gender ?? 'FEMALE';
    const idNumber = spec.idNumber ?? identityNumber(birthDate, gender);
    const phone = spec.phone ?? `139${String(10000000 + sequence).slice(-8)}`;
    const householdId = spec.household ?? (await household(community, spec.address ?? `Lane ${sequence}, Room 101`));
    const [row] = await db
      .insert(residents)
      .values({ name: spec.name ?? `Resident ${sequence}`, gender, birthDate, idNumber, phone })
      .returning({ id: residents.id });
    const id = row!.id;
    const movedInAt = spec.movedInAt ?? new Date('2020-01-01T00:00:00Z');
    const address = spec.address ?? `Lane ${sequence}, Room 101`;
    const residencyType = spec.residencyType ?? 'REGISTERED';
    await db.insert(residencies).values({
      residentId: id,
      communityCode: community,
      householdId,
      address,
      residencyType,
      startedAt: movedInAt,
      endedAt: spec.movedOutAt ?? null,
      endReason: spec.movedOutAt ? 'MOVED_OUT' : null,
    });
    // The same events the population subgraph publishes, so other subgraphs' projections see the fixture.
    const facts = { residentId: String(id), idNumber, birthDate, communityCode: community, householdId: String(householdId), address, residencyType };
    await publish(db, { topic: 'resident.registered', payload: { ...facts, from: movedInAt.toISOString() } });
    if (spec.movedOutAt) await publish(db, { topic: 'resident.moved-out', payload: { residentId: String(id), movedOutAt: spec.movedOutAt.toISOString(), reason: 'MOVED_OUT' } });
    for (const tag of spec.tags ?? []) {
      const { code, at, until } = typeof tag === 'string' ? { code: tag, at: new Date('2021-01-01T00:00:00Z'), until: undefined } : tag;
      await db.insert(residentTags).values({
        residentId: id,
        tagCode: code,
        taggedAt: at,
        taggedBy: 'test-builder',
        reason: 'test fixture',
        untaggedAt: until ?? null,
        untaggedBy: until ? 'test-builder' : null,
        untagReason: until ? 'test fixture' : null,
      });
      await publish(db, { topic: 'resident.tag-added', payload: { residentId: String(id), tagCode: code, at: at.toISOString() } });
      if (until) await publish(db, { topic: 'resident.tag-removed', payload: { residentId: String(id), tagCode: code, at: until.toISOString() } });
    }
    return { id, idNumber, phone, household: householdId };
  }

  return { regionTree, household, resident, identityNumber };
}

export type Builders = ReturnType<typeof builders>;
