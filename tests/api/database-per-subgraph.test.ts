/**
 * A database per subgraph (distributed mode): four separate databases, each subgraph served alone over HTTP on its
 * own, every database migrated with all migrations. No subgraph reads another's database except its producers'
 * outboxes, through connections attached as `<PRODUCER>_DATABASE_URL` would attach them. Events flow through the
 * gateway's mutations: a registration reaches health and cases, a positive result opens a case, a death ends the
 * residency in population. The cursors stay in each consumer's own database.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SUBGRAPH_FACTORIES } from '../../gateway/platform.js';
import type { SubgraphName } from '../../subgraphs/shared/config.js';
import { queryRows, type Db } from '../../subgraphs/shared/db/database.js';
import { attachProducerDatabases } from '../../subgraphs/shared/events/producer-databases.js';
import { builders, COMMUNITY_B1 } from '../support/builders.js';
import { labRow } from '../support/lab-builders.js';
import { startDistributedPlatform, TEST_ADMIN, tokenFor, type DistributedPlatform } from '../support/platform.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const NAMES = Object.keys(SUBGRAPH_FACTORIES) as SubgraphName[];
let databases: Record<SubgraphName, TestDatabase>;
let platform: DistributedPlatform;

const dbOf = (name: SubgraphName): Db => databases[name].database.db;

beforeAll(async () => {
  databases = Object.fromEntries(await Promise.all(NAMES.map(async (name) => [name, await createTestDatabase()] as const))) as typeof databases;
  // What each consumer reads, from whom (subgraphs/<x>/events.ts).
  attachProducerDatabases(dbOf('population'), { cases: dbOf('cases') });
  attachProducerDatabases(dbOf('health'), { population: dbOf('population'), cases: dbOf('cases') });
  attachProducerDatabases(dbOf('permits'), { population: dbOf('population') });
  attachProducerDatabases(dbOf('cases'), { population: dbOf('population'), health: dbOf('health') });
  await builders(dbOf('population')).regionTree();

  platform = await startDistributedPlatform((name) => databases[name].database);
});

afterAll(async () => {
  await platform?.stop();
  await Promise.all(Object.values(databases ?? {}).map((d) => d.drop()));
});

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(platform.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Polls `read` until `done` holds (consumers poll their producers every 200 ms); fails after 10 s. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within 10 s: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = async (db: Db, table: string) => Number((await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

test('registration, positive result and death flow between four databases through the gateway', async () => {
  const idNumber = builders(dbOf('population')).identityNumber('1980-03-04', 'FEMALE');
  const { registerResident } = await gql(`mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }`, {
    input: { name: 'Four Databases', idNumber, phone: '13900004444', residencyType: 'REGISTERED', communityCode: COMMUNITY_B1, address: 'Lane 4, Room 4', gender: 'FEMALE', birthDate: '1980-03-04' },
  });
  const id = Number(registerResident.id);

  // Health learns of her from population's outbox, in population's database, into its own.
  await eventually(() => queryRows(dbOf('health'), sql`select 1 from health.people where resident_id = ${id}`), (rows) => rows.length === 1);
  // … so a lab's positive result for her identity number matches her, and cases opens a case from health's outbox.
  const row = labRow(idNumber, { result: 'POSITIVE', resultAt: new Date(Date.now() - 30 * 60_000).toISOString() });
  const submitted = await gql(`mutation($key: String!, $rows: [NucleicAcidResultInput!]!) { submitNucleicAcidResults(idempotencyKey: $key, rows: $rows) { accepted unmatched } }`, { key: `four-${row.barcode}`, rows: [row] });
  expect(submitted.submitNucleicAcidResults).toEqual({ accepted: 1, unmatched: 0 });
  const PROFILE = `query($id: ID!) { resident(id: $id) { movedOutAt residencyEndReason healthCode { color } positiveCase { id status communityCode } } }`;
  const opened = await eventually(() => gql(PROFILE, { id: String(id) }), (data) => data.resident.positiveCase !== null && data.resident.healthCode.color === 'RED');
  expect(opened.resident.positiveCase).toMatchObject({ status: 'REPORTED', communityCode: COMMUNITY_B1 });

  // A death (cases) ends the residency (population), read from cases' outbox in cases' database.
  await gql(`mutation($id: ID!) { recordDeath(id: $id, note: "Four databases") { id } }`, { id: opened.resident.positiveCase.id });
  const ended = await eventually(() => gql(PROFILE, { id: String(id) }), (data) => data.resident.movedOutAt !== null);
  expect(ended.resident).toMatchObject({ residencyEndReason: 'DECEASED', positiveCase: { status: 'DECEASED' } });

  // Each fact lives in its owner's database only; each cursor in its consumer's.
  expect(await count(dbOf('population'), 'population.residents')).toBe(1);
  for (const name of ['health', 'permits', 'cases'] as const) expect(await count(dbOf(name), 'population.residents')).toBe(0);
  expect(await count(dbOf('health'), 'health.samples')).toBe(1);
  expect(await count(dbOf('population'), 'health.samples')).toBe(0);
  expect(await count(dbOf('cases'), 'cases.positive_cases')).toBe(1);
  expect(await count(dbOf('health'), 'cases.positive_cases')).toBe(0);
  expect(await count(dbOf('population'), 'population.event_cursors')).toBe(1);
  expect(await count(dbOf('cases'), 'cases.event_cursors')).toBe(2);
  // Permits projected her residence, from population's database, and its end.
  await eventually(() => queryRows<{ ended: boolean }>(dbOf('permits'), sql`select ended_at is not null as ended from permits.residence_periods where resident_id = ${id}`), (rows) => rows.length === 1 && rows[0]!.ended);
});
