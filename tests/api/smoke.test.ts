import { afterAll, beforeAll, expect, test } from 'vitest';
import { COMMUNITY_A1 } from '../support/builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
});
afterAll(() => platform?.stop());

test('a resident across all subgraphs', async () => {
  const r = await platform.seed.resident({ community: COMMUNITY_A1, tags: ['BEDRIDDEN'] });
  const data = await platform.data(
    `query($id: ID!) { resident(id: $id) { id name age idNumber community { code name parent { code name } } household { id members { id } } tags { code category }
      nucleicAcidTests(first: 3) { barcode } latestNucleicAcidTest { barcode } workPermits { id } positiveCase { id } } 
      region(code: "310118") { code population { residents specialCare households } children { code population { residents } } } }`,
    { id: String(r.id) },
  );
  expect(data.resident.id).toBe(String(r.id));
});
