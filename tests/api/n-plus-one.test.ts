/**
 * No N+1: a page of residents with their communities (and parents), households
 * and tags costs a fixed number of SQL statements, whatever the page size.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2 } from '../support/builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  // Background event polling would add its own statements to the count.
  platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  const communities = [COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2];
  for (let i = 0; i < 60; i++) {
    await platform.seed.resident({ community: communities[i % 4], tags: i % 3 === 0 ? ['DISABLED', 'KEY_INDUSTRY_WORKER'] : ['PREGNANT'] });
  }
});
afterAll(() => platform?.stop());

const PAGE = `query($first: Int) {
  residents(first: $first) {
    totalCount
    edges { node {
      id name age
      community { code name parent { code name } }
      household { id members { id name } }
      tags { code name category }
      tagHistory { taggedBy tag { code } }
      nucleicAcidTests(first: 3) { barcode }
      workPermits { id }
      positiveCase { id }
    } }
  }
}`;

async function statementsFor(first: number) {
  const { result, statements } = await platform.test.countStatements(() => platform.data(PAGE, { first }));
  expect(result.residents.edges).toHaveLength(first);
  return statements;
}

test('a page of 50 residents with communities and tags takes a fixed, small number of statements', async () => {
  // The first search reads the present snapshot the page comes from (its statements do not grow with the page either).
  await platform.data(PAGE, { first: 1 });
  const fifty = await statementsFor(50);
  const five = await statementsFor(5);
  // the snapshot's freshness check + the page's records, resident-scope rows, communities, their parents, households, members, current tags, tag history, tag catalog,
  // one each for samples, permits and cases, health's and cases' scope checks of the Resident references, and the
  // audit row of the unmasked read (one per request): never one per resident.
  expect(fifty.length).toBeLessThanOrEqual(15);
  expect(fifty.length).toBe(five.length);
});
