/**
 * Drill-down check: for every index that counts residents, the residents the
 * API lists behind it (`people(index:, first:, after:)` on the subgraph's
 * index object) against the brute force's residents at the same instant, for
 * the district, every town and a sample of communities. At test size every
 * page is read and the sets compared; at district size ("totals") only
 * totalCount against the brute-force count, and the first page's residents
 * must each be counted by the brute force in that region (so no list of a
 * million IDs is held in memory).
 *
 * The API may not serve `people` yet (a subgraph without drill-down): that is
 * one mismatch per subgraph ("people(index:) missing"), not a crash.
 */
import type { Database } from '../../subgraphs/shared/db/database.js';
import { bruteForceMembers, PEOPLE_INDEXES, type BruteForceOptions, type BruteForceResult, type RegionExpectation, type Subgraph } from './brute-force.js';
import { postGraphql, type Mismatch } from './graphql-client.js';

export const PEOPLE_PAGE_SIZE = 500;
/** How many differing IDs a mismatch names. */
const SHOWN_IDS = 10;

export interface PeopleCheckOptions {
  database: Database;
  url: string;
  token: string;
  bruteForce: BruteForceOptions;
  expected: BruteForceResult;
  /** "sets": read every page and compare the sets; "totals": totalCount and the first page only. */
  mode: 'sets' | 'totals';
  /** How many communities to check besides the district and its towns (evenly spread over those with residents). */
  communities: number;
  /** Communities to check in any case (e.g. where a test's scenario happened). */
  include?: readonly string[];
}

const ENUM_OF: Record<Subgraph, string> = { population: 'PopulationIndex', health: 'HealthIndex', permits: 'PermitIndex', cases: 'CaseIndex' };

function pageDocument(subgraph: Subgraph): string {
  return `query IndexPeoplePage($code: ID!, $asOf: DateTime, $index: ${ENUM_OF[subgraph]}!, $first: Int, $after: String) {
  region(code: $code) {
    ${subgraph}(asOf: $asOf) {
      people(index: $index, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
    }
  }
}`;
}

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string } }[];
}

/** Why an answer is not a page: the schema lacks the field or the enum value, or another error. */
type PageAnswer = { page: Page } | { missing: 'field' | 'value'; message: string } | { error: string };

async function askPage(o: PeopleCheckOptions, subgraph: Subgraph, code: string, index: string, after: string | null, first: number): Promise<PageAnswer> {
  const body = await postGraphql<{ region: Record<string, { people: Page | null } | null> | null }>(o.url, o.token, pageDocument(subgraph), {
    code,
    asOf: o.bruteForce.asOf.toISOString(),
    index,
    first,
    after,
  });
  const errors = body.errors ?? [];
  const first_ = errors[0];
  if (first_) {
    const message = String(first_.message);
    if (first_.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || /Cannot query field "people"|Unknown type "\w+Index"/.test(message)) return { missing: 'field', message };
    if (/Variable "\$index" got invalid value/.test(message)) return { missing: 'value', message };
    return { error: message };
  }
  const page = body.data?.region?.[subgraph]?.people;
  return page ? { page } : { error: `no page in ${JSON.stringify(body).slice(0, 300)}` };
}

/** The regions to check: the district, its towns and a sample of its communities. */
function regionsToCheck(o: PeopleCheckOptions): RegionExpectation[] {
  const populated = o.expected.communities.filter((c) => c.values['population.residents'] > 0);
  const step = populated.length / Math.max(1, o.communities);
  const sample = o.communities > 0 ? Array.from({ length: Math.min(o.communities, populated.length) }, (_, i) => populated[Math.floor(i * step)]!) : [];
  const included = o.expected.communities.filter((c) => o.include?.includes(c.code) && !sample.includes(c));
  return [...o.expected.regions, ...sample, ...included];
}

/** Whether a community lies in a region (the region itself, its town or the district). */
const covers = (o: PeopleCheckOptions, region: RegionExpectation, community: string) =>
  region.level === 'DISTRICT' || region.code === community || o.expected.townOf.get(community) === region.code;

const ids = (list: Iterable<number>) => {
  const all = [...list].sort((a, b) => a - b);
  return all.slice(0, SHOWN_IDS).join(',') + (all.length > SHOWN_IDS ? `,… (${all.length})` : ` (${all.length})`);
};

/** Compares the API's drill-down lists with the brute force's residents; returns the mismatches. */
export async function checkPeople(o: PeopleCheckOptions): Promise<{ mismatches: Mismatch[]; compared: number }> {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const regions = regionsToCheck(o);
  const district = o.expected.regions.find((r) => r.level === 'DISTRICT')!;
  const options = o.bruteForce;

  for (const subgraph of ['population', 'health', 'permits', 'cases'] as const) {
    const indexes = PEOPLE_INDEXES.filter((p) => p.subgraph === subgraph);
    const probe = await askPage(o, subgraph, district.code, indexes[0]!.value, null, 1);
    if ('missing' in probe && probe.missing === 'field') {
      mismatches.push({ region: district.code, regionName: district.name, index: `${subgraph}.people(index:)`, expected: 'present', got: `missing: ${probe.message}` });
      continue;
    }
    const members = o.mode === 'sets' ? await bruteForceMembers(o.database, options, subgraph) : [];
    const firstPages: { region: RegionExpectation; value: string; listed: number[]; fail: (got: string, expected?: number | string) => void }[] = [];

    for (const { path, value } of indexes) {
      for (const region of regions) {
        compared++;
        const want = region.values[path];
        const fail = (got: string, expected: number | string = want) =>
          mismatches.push({ region: region.code, regionName: region.name, index: `${path} people(${value})`, expected, got });
        const listed: number[] = [];
        let after: string | null = null;
        let total: number | null = null;
        let failed = false;
        do {
          const answer = await askPage(o, subgraph, region.code, value, after, PEOPLE_PAGE_SIZE);
          if (!('page' in answer)) {
            fail('missing' in answer ? `missing enum value: ${answer.message}` : `error: ${answer.error}`);
            failed = true;
            break;
          }
          total ??= answer.page.totalCount;
          listed.push(...answer.page.edges.map((e) => Number(e.node.id)));
          after = answer.page.pageInfo.hasNextPage ? answer.page.pageInfo.endCursor : null;
        } while (after && o.mode === 'sets');
        if (failed) break; // the same answer for every region: once per index
        if (total !== want) fail(`totalCount ${total}`);

        if (o.mode === 'sets') {
          const expected = new Set(members.filter((m) => m.key === value && covers(o, region, m.communityCode)).map((m) => m.residentId));
          const got = new Set(listed);
          if (got.size !== listed.length) fail(`${listed.length - got.size} resident(s) listed twice`, 'each once');
          const missing = [...expected].filter((id) => !got.has(id));
          const extra = [...got].filter((id) => !expected.has(id));
          if (missing.length || extra.length) fail(`not listed: ${ids(missing)}; listed but not counted: ${ids(extra)}`, `${expected.size} residents`);
        } else {
          firstPages.push({ region, value, listed, fail });
        }
      }
    }
    // Totals: one brute-force read of just the residents the first pages listed, for every index and region at once.
    if (firstPages.length) {
      const listed = [...new Set(firstPages.flatMap((p) => p.listed))];
      const counted = await bruteForceMembers(o.database, options, subgraph, { residentIds: listed });
      for (const { region, value, listed, fail } of firstPages) {
        const inRegion = new Set(counted.filter((m) => m.key === value && covers(o, region, m.communityCode)).map((m) => m.residentId));
        const extra = listed.filter((id) => !inRegion.has(id));
        if (extra.length) fail(`first page lists residents not counted: ${ids(extra)}`, 'every one counted');
      }
    }
  }
  return { mismatches, compared };
}
