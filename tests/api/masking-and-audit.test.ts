/**
 * Access control: roles without personal data see personal fields masked
 * (one middleware, whatever operation reaches them) and may not search by
 * identity-number or phone digits; every change and every unmasked read of a
 * person leaves one append-only audit row, which district administrators read
 * with auditEvents.
 */
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvents } from '../../subgraphs/shared/audit/db.js';
import { AuditEventsDocument } from '../generated/graphql.js';
import { COMMUNITY_A1, DISTRICT, TOWN_A } from '../support/builders.js';
import { asViewer, startTestPlatform, TEST_ADMIN, tokenFor, type TestPlatform, type TestViewer } from '../support/platform.js';

const ANALYST: TestViewer = { id: 'analyst-7', role: 'ANALYST', regionCode: DISTRICT };
const OFFICER: TestViewer = { id: 'officer-3', role: 'TOWN_OFFICER', regionCode: TOWN_A };
const WORKER: TestViewer = { id: 'worker-5', role: 'COMMUNITY_WORKER', regionCode: COMMUNITY_A1 };
const PERMIT_BUREAU: TestViewer = { id: 'bureau-1', role: 'PERMIT_BUREAU', regionCode: DISTRICT };

/** One operation of the client contract, as clients send it (with the fragments it uses). */
function contractOperation(name: string): string {
  const document = parse(readFileSync(new URL('../contract/operations.graphql', import.meta.url), 'utf8'));
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name)!;
  const text = print(operation);
  const used = (d: DefinitionNode) => d.kind === Kind.FRAGMENT_DEFINITION && text.includes(`...${d.name.value}`);
  return [text, ...document.definitions.filter(used).map((d) => print(d))].join('\n');
}

let platform: TestPlatform;
let person: { id: number; idNumber: string; phone: string };

beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed.regionTree();
  const built = await platform.seed.resident({ community: COMMUNITY_A1, name: '张三丰', birthDate: '1990-05-17', phone: '13812345678', address: 'Building 3, Room 502, Xinhua Road Lane 120'});
  person = built;
  await platform.drainEvents();
});
afterAll(() => platform?.stop());

const rowsOf = (actor: string) => platform.test.database.db.select().from(auditEvents).where(eq(auditEvents.actor, actor)).orderBy(auditEvents.id);

describe('personal fields by role', () => {
  test('an ANALYST sees masked values in ResidentProfile', async () => {
    const { data, errors } = await platform.gql(contractOperation('ResidentProfile'), { id: String(person.id) }, asViewer(ANALYST));
    expect(errors).toBeUndefined();
    const resident = data.resident;
    expect(resident.name).toBe('张*');
    expect(resident.idNumber).toBe(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(-4)}`);
    expect(resident.phone).toBe('138****5678');
    expect(resident.birthDate).toBe('1990-01-01');
    expect(resident.address).toBe('Xiayang Residential Community');
    expect(resident.household.members).toEqual([{ id: String(person.id), name: '张*' }]);
    expect(resident.age).toBeGreaterThanOrEqual(35);
  });

  test('an ANALYST sees masked names in SearchResidents and masked phones and addresses in UntestedResidents', async () => {
    const search = await platform.gql(contractOperation('SearchResidents'), { filter: { text: '张三' } }, asViewer(ANALYST));
    expect(search.errors).toBeUndefined();
    expect(search.data.residents.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['张*']);

    const calls = await platform.gql(contractOperation('UntestedResidents'), { code: COMMUNITY_A1, withinHours: 72 }, asViewer(ANALYST));
    expect(calls.errors).toBeUndefined();
    const node = calls.data.region.untestedResidents.edges[0].node;
    expect(node).toMatchObject({ name: '张*', phone: '138****5678', address: 'Xiayang Residential Community' });
  });

  test.each([
    ['an admin', TEST_ADMIN],
    ['a town officer', OFFICER],
    ['a community worker', WORKER],
  ])('%s sees the real values', async (_name, viewer) => {
    const profile = await platform.gql(contractOperation('ResidentProfile'), { id: String(person.id) }, asViewer(viewer));
    expect(profile.errors).toBeUndefined();
    expect(profile.data.resident).toMatchObject({
      name: '张三丰',
      idNumber: person.idNumber,
      phone: '13812345678',
      birthDate: '1990-05-17',
      address: 'Building 3, Room 502, Xinhua Road Lane 120',
    });
    const calls = await platform.gql(contractOperation('UntestedResidents'), { code: COMMUNITY_A1, withinHours: 72 }, asViewer(viewer));
    expect(calls.data.region.untestedResidents.edges[0].node).toMatchObject({ name: '张三丰', phone: '13812345678' });
  });

  test('searching by identity-number or phone digits is FORBIDDEN to an ANALYST; by name it is allowed', async () => {
    for (const text of [person.idNumber.slice(-4), '5678']) {
      const refused = await platform.gql(contractOperation('SearchResidents'), { filter: { text } }, asViewer(ANALYST));
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.errors?.[0]?.message).toMatch(/digits/);
    }
    const byName = await platform.gql(contractOperation('SearchResidents'), { filter: { text: '三丰' } }, asViewer(ANALYST));
    expect(byName.errors).toBeUndefined();
    expect(byName.data.residents.totalCount).toBe(1);
    const byDigits = await platform.gql(contractOperation('SearchResidents'), { filter: { text: '5678' } }, asViewer(WORKER));
    expect(byDigits.data.residents.totalCount).toBe(1);
  });
});

describe('the audit trail', () => {
  test('an unmasked profile read leaves one READ_PERSONAL row with the purpose; the analyst\'s masked read none', async () => {
    const headers = { authorization: `Bearer ${await tokenFor(OFFICER)}`, 'x-purpose': '  Case\tfollow-up: ' + 'x'.repeat(300) };
    const { errors } = await platform.gql(contractOperation('ResidentProfile'), { id: String(person.id) }, headers);
    expect(errors).toBeUndefined();
    const rows = await rowsOf(OFFICER.id);
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ action: 'READ_PERSONAL', role: 'TOWN_OFFICER', region: TOWN_A, operationName: 'ResidentProfile', fields: ['resident'], residentIds: [person.id] });
    expect(last.purpose).toMatch(/^Casefollow-up: x+$/);
    expect(last.purpose!.length).toBe(200);

    expect(await rowsOf(ANALYST.id)).toEqual([]);
  });

  test('a mutation leaves one CHANGE row with the token\'s subject as actor', async () => {
    const { errors } = await platform.gql(contractOperation('RecordOutreach'), { residentId: String(person.id), outcome: 'WILL_TEST', note: 'Called' }, asViewer(WORKER));
    expect(errors).toBeUndefined();
    const changes = (await rowsOf(WORKER.id)).filter((row) => row.action === 'CHANGE');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ actor: 'worker-5', role: 'COMMUNITY_WORKER', operationName: 'RecordOutreach', fields: ['recordOutreach'], residentIds: [person.id], purpose: null });
  });

  test('a mutation answering with personal data also records the read', async () => {
    const mutation = 'mutation Tag($id: ID!) { tagResident(residentId: $id, tagCode: "BEDRIDDEN", reason: "Home visit") { id phone } }';
    const { errors } = await platform.gql(mutation, { id: String(person.id) }, asViewer(OFFICER));
    expect(errors).toBeUndefined();
    const rows = (await rowsOf(OFFICER.id)).filter((row) => row.operationName === 'Tag');
    expect(rows.map((row) => [row.action, row.residentIds])).toEqual([
      ['CHANGE', [person.id]],
      ['READ_PERSONAL', [person.id]],
    ]);
  });

  // The contract's AuditEvents (tests/contract/next.graphql holds other operations too).
  const AUDIT_EVENTS = print(AuditEventsDocument);

  test('auditEvents filters by resident, actor and time, and pages', async () => {
    const all = await platform.gql(AUDIT_EVENTS, { residentId: String(person.id) });
    expect(all.errors).toBeUndefined();
    const total = all.data.auditEvents.totalCount;
    expect(total).toBeGreaterThanOrEqual(6);
    expect(all.data.auditEvents.edges.every((e: { node: { residentIds: string[] } }) => e.node.residentIds.includes(String(person.id)))).toBe(true);

    const byActor = await platform.gql(AUDIT_EVENTS, { actor: WORKER.id });
    const actions = byActor.data.auditEvents.edges.map((e: { node: { actor: string; action: string } }) => `${e.node.actor} ${e.node.action}`);
    expect(new Set(actions)).toEqual(new Set(['worker-5 CHANGE', 'worker-5 READ_PERSONAL']));

    const future = await platform.gql(AUDIT_EVENTS, { from: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.data.auditEvents.totalCount).toBe(0);
    const past = await platform.gql(AUDIT_EVENTS, { to: new Date(Date.now() - 3600_000).toISOString() });
    expect(past.data.auditEvents.totalCount).toBe(0);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < total; page++) {
      const { data }: { data?: any } = await platform.gql(AUDIT_EVENTS, { residentId: String(person.id), first: 2, after });
      seen.push(...data!.auditEvents.edges.map((e: { node: { at: string; operationName: string } }) => `${e.node.at} ${e.node.operationName}`));
      expect(data.auditEvents.totalCount).toBe(total);
      if (!data.auditEvents.pageInfo.hasNextPage) break;
      after = data.auditEvents.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect([...seen].sort().reverse()).toEqual(seen); // newest first
  });

  test.each([
    ['an ANALYST', ANALYST],
    ['a town officer', OFFICER],
    ['the permit bureau', PERMIT_BUREAU],
  ])('%s gets FORBIDDEN for auditEvents', async (_name, viewer) => {
    const { data, errors } = await platform.gql(AUDIT_EVENTS, {}, asViewer(viewer));
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(data?.auditEvents).toBeUndefined();
  });

  test('fails closed: when the read cannot be recorded its data is withheld; a change stands', async () => {
    const db = platform.test.database.db;
    // An audit table that refuses this one actor's rows, as a full disk or a lost connection would.
    await db.execute(sql.raw(`create function audit.refuse_test_actor() returns trigger language plpgsql as $$
      begin if new.actor = 'officer-audit-down' then raise exception 'audit store unavailable (test)'; end if; return new; end; $$`));
    await db.execute(sql.raw('create trigger refuse_test_actor before insert on audit.events for each row execute function audit.refuse_test_actor()'));
    const unlucky: TestViewer = { ...OFFICER, id: 'officer-audit-down' };
    const read = await platform.gql(contractOperation('ResidentProfile'), { id: String(person.id) }, asViewer(unlucky));
    expect(read.data ?? null).toBeNull();
    expect(read.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(read)).not.toContain(person.idNumber);

    const change = await platform.gql(contractOperation('RecordOutreach'), { residentId: String(person.id), outcome: 'AWAY' }, asViewer(unlucky));
    expect(change.errors).toBeUndefined();
    expect(change.data.recordOutreach.outcome).toBe('AWAY');
  });

  test('the table is append-only: UPDATE, DELETE and TRUNCATE fail', async () => {
    const db = platform.test.database.db;
    expect((await rowsOf(OFFICER.id)).length).toBeGreaterThan(0);
    await expect(db.execute(sql`update audit.events set actor = 'someone-else'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit.events`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit.events`)).rejects.toThrow();
    const after = await rowsOf(OFFICER.id);
    expect(after.length).toBeGreaterThan(0);
    expect(await rowsOf('someone-else')).toEqual([]);
  });
});
