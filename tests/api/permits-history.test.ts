/**
 * The permits' history in memory (permit-history.ts) against the database
 * path (permitColumnsAt): the same indexes, lists of resumed workers and
 * active permits at random instants of the window and at every recorded
 * instant ±1 ms (applications, approvals, rejections, revocations,
 * valid-from and valid-to, resumption changes, holders moving in and out),
 * for the district, towns and communities; the API's past instants come from
 * the history; a revocation through the API changes the answers after it and
 * not before.
 */
import 'reflect-metadata';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readPermitHistory } from '../../subgraphs/permits/statistics/permit-history.queries.js';
import { permitHistoryColumnsAt } from '../../subgraphs/permits/statistics/permit-history.js';
import { PermitIndex } from '../../subgraphs/permits/statistics/permit-index.enum.js';
import type { PermitIndexColumns } from '../../subgraphs/permits/statistics/permit-indexes.js';
import { permitColumnsAt } from '../../subgraphs/permits/statistics/permit-indexes.queries.js';
import type { PermitIndexes } from '../../subgraphs/permits/statistics/permit-indexes.type.js';
import { queryRows } from '../../subgraphs/shared/db/database.js';
import { COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2, DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY } from '../support/builders.js';
import { edgesOf, randomInstants, windowStart } from '../support/history-instants.js';
import { DAY, HOUR, plus } from '../support/health-builders.js';
import { permitsBuilders } from '../support/permits-builders.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
/** An active permit at a resumed enterprise in town B, revoked through the API by a test. */
let toRevoke: number;

const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR);
const BASE = new Date(NOW.getTime() - 20 * DAY);
const at = (days: number, hours = 0) => plus(BASE, days * DAY + hours * HOUR);
const CODE_SETS = [[DISTRICT], [TOWN_A, TOWN_B, TOWN_EMPTY], [COMMUNITY_A1, COMMUNITY_A2, COMMUNITY_B1, COMMUNITY_B2]];
const INDEXES: (keyof PermitIndexes)[] = ['pending', 'active', 'resumedWorkers', 'enterprisesResumed'];

beforeAll(async () => {
  platform = await startTestPlatform({ pollEvents: false });
  const { seed } = platform;
  const permits = permitsBuilders(platform.test.database.db);
  await seed.regionTree();
  const [r1, r2, r3, r4, r5, r6] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => seed.resident({ community: COMMUNITY_B2 })));
  const movedOut = await seed.resident({ community: COMMUNITY_A1, movedOutAt: at(6) });
  const movedIn = await seed.resident({ community: COMMUNITY_A2, movedInAt: at(4) });
  await platform.drainEvents(); // the holders' residence periods reach permits

  const resume = (status: 'APPROVED_TO_RESUME' | 'SUSPENDED', when: Date) => ({ status, at: when });
  const e1 = await permits.enterprise({ community: COMMUNITY_A1, changes: [resume('APPROVED_TO_RESUME', at(1)), resume('SUSPENDED', at(8)), resume('APPROVED_TO_RESUME', at(12))] });
  const e2 = await permits.enterprise({ community: COMMUNITY_A2, changes: [resume('APPROVED_TO_RESUME', plus(NOW, -40 * DAY)), resume('SUSPENDED', at(5))] });
  const e3 = await permits.enterprise({ community: COMMUNITY_B1, changes: [resume('APPROVED_TO_RESUME', at(3))] });
  const e4 = await permits.enterprise({ community: COMMUNITY_B1, registeredAt: at(9), changes: [resume('APPROVED_TO_RESUME', at(10))] });
  const e5 = await permits.enterprise({ community: COMMUNITY_B2 }); // never resumed

  const permit = (residentId: number, enterpriseId: number, appliedAt: Date, changes: { status: 'APPROVED' | 'REJECTED' | 'REVOKED'; at: Date }[] = [], validTo?: Date) =>
    permits.permit({ residentId, enterpriseId, appliedAt, changes, validTo });
  await permit(r1!.id, e1.id, at(0), [{ status: 'APPROVED', at: at(1, 1) }, { status: 'REVOKED', at: at(9) }]);
  await permit(r1!.id, e1.id, at(2), [{ status: 'APPROVED', at: at(2, 2) }], at(7)); // expires by time
  await permit(r2!.id, e1.id, at(2)); // pending all along
  await permit(r3!.id, e2.id, plus(NOW, -38 * DAY), [{ status: 'APPROVED', at: plus(NOW, -37 * DAY) }], plus(NOW, 20 * DAY)); // approved before the window
  await permit(r4!.id, e3.id, at(3), [{ status: 'REJECTED', at: at(4) }]);
  await permit(movedOut.id, e3.id, at(3), [{ status: 'APPROVED', at: at(3, 1) }]);
  await permit(movedIn.id, e3.id, at(4, 1), [{ status: 'APPROVED', at: at(5) }]);
  await permit(r5!.id, e4.id, at(9, 1), [{ status: 'APPROVED', at: at(10) }]); // approved as the enterprise resumes
  await permit(r6!.id, e5.id, at(1), [{ status: 'APPROVED', at: at(2) }]); // at an enterprise never resumed
  await permit(r5!.id, e1.id, at(10), [{ status: 'APPROVED', at: at(11) }, { status: 'REVOKED', at: at(11) }]); // two changes at one instant: the later holds
  toRevoke = (await permit(r2!.id, e3.id, at(3), [{ status: 'APPROVED', at: at(3, 2) }], plus(NOW, 40 * DAY))).id;
});
afterAll(() => platform?.stop());

const db = () => platform.test.database.db;

/** Every index, list of resumed workers and list of active permits of these regions at `t`, as the columns give them. */
function answers(columns: PermitIndexColumns, t: Date, codes: readonly string[]) {
  const lists = codes.map((code) => ({
    code,
    workers: columns.peopleAt(PermitIndex.RESUMED_WORKERS, t, code).map((group) => [group.communityCode, group.residentIds()]),
    permits: columns.activePermitsAt(t, code),
  }));
  return { indexes: Object.fromEntries(columns.indexesAt(t, codes)), lists };
}

/** Every recorded instant of the permits' tables within the window, and 1 ms either side. */
async function edgeInstants(): Promise<Date[]> {
  const rows = await queryRows<{ at: string }>(
    db(),
    sql`select applied_at as at from permits.work_permits union select valid_from from permits.work_permits where valid_from is not null
        union select valid_to from permits.work_permits where valid_to is not null union select at from permits.permit_events
        union select at from permits.enterprise_status_changes
        union select started_at from permits.residence_periods union select ended_at from permits.residence_periods where ended_at is not null`,
  );
  return edgesOf(rows);
}


/** Compares both paths at these instants; returns the largest value of each index in the district among them. */
async function expectBothPathsAgree(instants: readonly Date[]): Promise<PermitIndexes> {
  const history = await readPermitHistory(db(), windowStart());
  const largest: PermitIndexes = { pending: 0, active: 0, resumedWorkers: 0, enterprisesResumed: 0 };
  for (const t of instants) {
    for (const codes of CODE_SETS) {
      const fromDatabase = answers(await permitColumnsAt(db(), codes, t), t, codes);
      expect(answers(permitHistoryColumnsAt(history, codes, t), t, codes), `${codes.join(',')} at ${t.toISOString()}`).toEqual(fromDatabase);
      for (const index of INDEXES) largest[index] = Math.max(largest[index], fromDatabase.indexes[DISTRICT]?.[index] ?? 0);
    }
  }
  return largest;
}

const DASHBOARD = `query($code: ID!, $asOf: DateTime) { region(code: $code) {
  code permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed }
  children { code permits(asOf: $asOf) { pending active resumedWorkers enterprisesResumed } } } }`;

/** The API's indexes of the district and its towns at `t`. */
async function dashboard(t: Date): Promise<Record<string, PermitIndexes>> {
  const { region } = await platform.data(DASHBOARD, { code: DISTRICT, asOf: t.toISOString() });
  return Object.fromEntries([region, ...region.children].map((r: { code: string; permits: PermitIndexes }) => [r.code, r.permits]));
}

describe('the permits history in memory', () => {
  test('equals the database path at every recorded instant ±1 ms and at random instants, for every level', async () => {
    const edges = await edgeInstants();
    expect(edges.length).toBeGreaterThan(40);
    const largest = await expectBothPathsAgree([...edges, ...randomInstants(25, 20261130)]);
    // Sanity: every index counts something at some instant compared (a comparison of zeros proves nothing).
    for (const index of INDEXES) expect(largest[index], index).toBeGreaterThan(0);
  });

  test('answers the API\'s past instants within the window, with no statement over the permits\' tables', async () => {
    const instants = [at(3, 1), plus(at(6), -1), at(6), at(10), at(11, 1)];
    await dashboard(instants[0]!); // reads the history (the fixtures were written since it was last read)
    const { result, statements } = await platform.test.countStatements(() => Promise.all(instants.map(dashboard)));
    expect(statements.filter((s) => /permits\.(work_permits|permit_events|enterprises|enterprise_status_changes|residence_periods)/.test(s))).toEqual([]);
    for (const [i, t] of instants.entries()) {
      const codes = [DISTRICT, TOWN_A, TOWN_B, TOWN_EMPTY];
      expect(result[i]).toEqual(Object.fromEntries((await permitColumnsAt(db(), codes, t)).indexesAt(t, codes)));
    }
  });

  test('a revocation through the API changes the answers after it, not before', async () => {
    const before = new Date();
    const answered = await dashboard(before);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const revoked = await platform.data(`mutation($id: ID!) { revokeWorkPermit(id: $id, reason: "Left the company") { status history { at } } }`, { id: String(toRevoke) });
    expect(revoked.revokeWorkPermit.status).toBe('REVOKED');
    const revokedAt = new Date(revoked.revokeWorkPermit.history.at(-1).at);
    expect(await dashboard(before)).toEqual(answered);
    const after = await dashboard(revokedAt);
    for (const code of [DISTRICT, TOWN_B]) {
      const was = answered[code]!;
      expect(after[code]).toEqual({ ...was, active: was.active - 1, resumedWorkers: was.resumedWorkers - 1 });
    }
    expect(after[TOWN_A]).toEqual(answered[TOWN_A]);
    await expectBothPathsAgree([before, plus(revokedAt, -1), revokedAt]);
  });
});
