/**
 * In-flight de-duplication of subgraph fetches (gateway/in-flight.ts).
 */
import { describe, expect, test } from 'vitest';
import { InFlightFetches } from '../../gateway/in-flight.js';
import type { Viewer } from '../../subgraphs/shared/viewer.js';

const admin: Viewer = { id: 'a', role: 'DISTRICT_ADMIN', regionCode: '310118' };
const worker: Viewer = { id: 'w', role: 'COMMUNITY_WORKER', regionCode: '310118001001' };
const query = { query: 'query($code: ID!) { region(code: $code) { code } }', variables: { code: '310118' } };

function counted<T>(value: () => T) {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { fetch: async () => (calls++, await gate, value()), release: () => release(), calls: () => calls };
}

describe('InFlightFetches', () => {
  test('identical queries at the same moment run once; each waiter but the first gets its own copy', async () => {
    const inFlight = new InFlightFetches<{ data: { n: number[] } }>();
    const source = counted(() => ({ data: { n: [1] } }));
    const answers = [1, 2, 3].map(() => inFlight.run('health', admin, query, source.fetch));
    source.release();
    const [first, second, third] = await Promise.all(answers);
    expect(source.calls()).toBe(1);
    expect(second).toEqual(first);
    second!.data.n.push(2); // the gateway merges into what it fetched: one request's answer must not change another's
    expect(first!.data.n).toEqual([1]);
    expect(third!.data.n).toEqual([1]);
  });

  test('another viewer, other variables or another subgraph is another fetch', async () => {
    const inFlight = new InFlightFetches<number>();
    const source = counted(() => 1);
    const answers = [
      inFlight.run('health', admin, query, source.fetch),
      inFlight.run('health', worker, query, source.fetch),
      inFlight.run('health', admin, { ...query, variables: { code: '310118001' } }, source.fetch),
      inFlight.run('permits', admin, query, source.fetch),
    ];
    source.release();
    await Promise.all(answers);
    expect(source.calls()).toBe(4);
  });

  test('mutations are never shared, and a finished fetch is not reused', async () => {
    const inFlight = new InFlightFetches<number>();
    const source = counted(() => 1);
    const mutation = { query: 'mutation { recordOutreach(residentId: "1", outcome: AWAY) { note } }' };
    const answers = [inFlight.run('health', admin, mutation, source.fetch), inFlight.run('health', admin, mutation, source.fetch)];
    source.release();
    await Promise.all(answers);
    expect(source.calls()).toBe(2);
    await inFlight.run('health', admin, query, source.fetch);
    await inFlight.run('health', admin, query, source.fetch);
    expect(source.calls()).toBe(4);
  });

  test('a failure reaches every waiter, and the next call tries again', async () => {
    const inFlight = new InFlightFetches<number>();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('down');
    };
    await expect(Promise.all([inFlight.run('cases', admin, query, failing), inFlight.run('cases', admin, query, failing)])).rejects.toThrow('down');
    expect(calls).toBe(1);
    await expect(inFlight.run('cases', admin, query, failing)).rejects.toThrow('down');
    expect(calls).toBe(2);
  });
});
