/**
 * The drill-down lists of the present, checked against their indexes in the
 * same request: within one request the present is one instant, so every
 * list's totalCount must equal the index the same answer gives. Cheap at
 * district size (every region, every list, one request per region and
 * subgraph), where comparing each list with the brute force at a past
 * instant costs a columns build per list; together with the present
 * dashboard's comparison with the brute force it ties every list to
 * domain.md.
 */
import { PEOPLE_INDEXES, type Subgraph } from './brute-force.js';
import { postGraphql, type Mismatch } from './graphql-client.js';

/** The selection of an index object's fields and every list's totalCount (lists aliased by their enum value). */
function document(subgraph: Subgraph, code: string): string {
  const lists = PEOPLE_INDEXES.filter((p) => p.subgraph === subgraph);
  // Nested fields ("testing.untested72h") as a selection: { testing { untested72h } }.
  const groups = new Map<string, string[]>();
  for (const { path } of lists) {
    const [, ...rest] = path.split('.');
    const key = rest.length > 1 ? rest[0]! : '';
    groups.set(key, [...(groups.get(key) ?? []), rest.at(-1)!]);
  }
  const fields = [...groups].map(([group, names]) => (group ? `${group} { ${names.join(' ')} }` : names.join(' '))).join(' ');
  const totals = lists.map(({ value }) => `${value}: people(index: ${value}, first: 0) { totalCount }`).join(' ');
  return `query ListTotals { region(code: ${JSON.stringify(code)}) { name ${subgraph} { ${fields} ${totals} } } }`;
}

/** Compares every list's totalCount with its index, in one request per region and subgraph. */
export async function checkListTotalsNow(url: string, token: string, regionCodes: readonly string[]): Promise<{ mismatches: Mismatch[]; compared: number }> {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  for (const code of regionCodes) {
    for (const subgraph of ['population', 'health', 'permits', 'cases'] as const) {
      const body = await postGraphql<{ region: ({ name: string } & Record<string, Record<string, unknown> | null>) | null }>(url, token, document(subgraph, code), {});
      const answer = body.data?.region?.[subgraph];
      if (body.errors?.length || !answer) {
        mismatches.push({ region: code, regionName: body.data?.region?.name ?? '', index: `${subgraph} lists`, expected: 'an answer', got: body.errors?.[0]?.message ?? 'null' });
        continue;
      }
      for (const { path, value } of PEOPLE_INDEXES.filter((p) => p.subgraph === subgraph)) {
        compared++;
        const index = path.split('.').slice(1).reduce<unknown>((node, field) => (node as Record<string, unknown>)[field], answer);
        const total = (answer[value] as { totalCount: number }).totalCount;
        if (total !== index) mismatches.push({ region: code, regionName: body.data!.region!.name, index: `${path} people(${value})`, expected: Number(index), got: `totalCount ${total}` });
      }
    }
  }
  return { mismatches, compared };
}
