/**
 * Facilities: registering, listing, `occupied` true to the cases in them, a
 * full facility refusing, and two concurrent transfers into the last bed of
 * which exactly one succeeds.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_B1, TOWN_B } from '../support/builders.js';
import { startCasesPlatform, type CasesBuilders } from '../support/cases-builders.js';
import { errorOf, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let cases: CasesBuilders;
beforeAll(async () => {
  ({ platform, cases } = await startCasesPlatform());
});
afterAll(() => platform?.stop());

const REGISTER = `mutation($input: RegisterFacilityInput!) { registerFacility(input: $input) { id name type capacity communityCode occupied available } }`;
const TRANSFER = `mutation($id: ID!, $facilityId: ID!) { transferCase(id: $id, facilityId: $facilityId) { id status facility { id occupied capacity } } }`;
const FACILITIES = `query($type: FacilityType, $regionCode: ID) { facilities(type: $type, regionCode: $regionCode) { id name type occupied capacity available } }`;

async function openCases(n: number, community = COMMUNITY_A1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await platform.seed.resident({ community });
    await platform.drainEvents();
    const opened = await platform.data(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { id } }`, {
      input: { residentId: String(r.id), classification: 'ASYMPTOMATIC' },
    });
    ids.push(opened.reportCase.id);
  }
  return ids;
}

describe('registerFacility and facilities', () => {
  test('registers and lists by type and region; validates the input', async () => {
    const made = (await platform.data(REGISTER, { input: { name: 'Zhaoxiang Makeshift Hospital', type: 'MAKESHIFT_HOSPITAL', capacity: 800, communityCode: COMMUNITY_B1 } }))
      .registerFacility;
    expect(made).toEqual({ id: expect.any(String), name: 'Zhaoxiang Makeshift Hospital', type: 'MAKESHIFT_HOSPITAL', capacity: 800, communityCode: COMMUNITY_B1, occupied: 0, available: 800 });
    await platform.data(REGISTER, { input: { name: 'Zhaoxiang home isolation', type: 'HOME_ISOLATION', capacity: 5000, communityCode: COMMUNITY_B1 } });
    const listed = (await platform.data(FACILITIES, { type: 'MAKESHIFT_HOSPITAL', regionCode: TOWN_B })).facilities;
    expect(listed.map((f: { name: string }) => f.name)).toEqual(['Zhaoxiang Makeshift Hospital']);
    const bad = await platform.gql(REGISTER, { input: { name: 'x', type: 'MAKESHIFT_HOSPITAL', capacity: -1, communityCode: COMMUNITY_B1 } });
    expect(errorOf(bad)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.capacity' });
    const badCode = await platform.gql(REGISTER, { input: { name: 'x', type: 'MAKESHIFT_HOSPITAL', capacity: 1, communityCode: '3101' } });
    expect(errorOf(badCode)?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.communityCode' });
  });
});

describe('capacity', () => {
  test('occupied counts the cases TRANSFERRED in now; a full facility refuses; a discharge frees a place', async () => {
    const facility = await cases.facility({ capacity: 2 });
    const [a, b, c] = await openCases(3);
    expect((await platform.data(TRANSFER, { id: a, facilityId: String(facility.id) })).transferCase.facility.occupied).toBe(1);
    expect((await platform.data(TRANSFER, { id: b, facilityId: String(facility.id) })).transferCase.facility.occupied).toBe(2);
    const full = errorOf(await platform.gql(TRANSFER, { id: c, facilityId: String(facility.id) }));
    expect(full).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringContaining('is full (2 of 2') });
    await platform.data(`mutation($id: ID!) { dischargeCase(id: $id) { id } }`, { id: a });
    expect((await platform.data(TRANSFER, { id: c, facilityId: String(facility.id) })).transferCase.facility.occupied).toBe(2);
    // Moving a case out frees its place too.
    const other = await cases.facility({ capacity: 5 });
    await platform.data(TRANSFER, { id: b, facilityId: String(other.id) });
    const after = (await platform.data(FACILITIES, {})).facilities;
    expect(after.find((f: { id: string }) => f.id === String(facility.id))).toMatchObject({ occupied: 1, available: 1 });
    expect(after.find((f: { id: string }) => f.id === String(other.id))).toMatchObject({ occupied: 1, available: 4 });
  });

  test('two concurrent transfers into the last bed: exactly one succeeds', async () => {
    for (let round = 0; round < 3; round++) {
      const facility = await cases.facility({ capacity: 3 });
      const [x, y, z, w] = await openCases(4);
      await platform.data(TRANSFER, { id: x, facilityId: String(facility.id) });
      await platform.data(TRANSFER, { id: y, facilityId: String(facility.id) });
      const results = await Promise.all([z, w].map((id) => platform.gql(TRANSFER, { id, facilityId: String(facility.id) })));
      const succeeded = results.filter((r) => !r.errors);
      const refused = results.filter((r) => r.errors);
      expect(succeeded).toHaveLength(1);
      expect(refused.map((r) => r.errors![0]!.extensions?.code)).toEqual(['CONFLICT']);
      expect(succeeded[0]!.data.transferCase.facility.occupied).toBe(3);
      const listed = (await platform.data(FACILITIES, {})).facilities.find((f: { id: string }) => f.id === String(facility.id));
      expect(listed.occupied).toBe(3);
    }
  });
});
