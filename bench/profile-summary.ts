/**
 * npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]
 *
 * Summarises a V8 CPU profile (node --cpu-prof, e.g. from `npm run bench -- --cpu-prof`):
 * self time per function and per package, so a hot spot can be named in RESULTS.md.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length !== 1) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top N]');
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const where = (node: ProfileNode) => {
  const url = node.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/work/')) return url.replace(/^.*?\/(gateway|subgraphs|scripts|seed|bench)\//, '$1/');
  return url || `(${node.callFrame.functionName || 'native'})`;
};

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const node = byId.get(id)!;
  const place = where(node);
  const fn = `${node.callFrame.functionName || '(anonymous)'}  ${place}${place.includes('/') && !place.startsWith('(') ? `:${node.callFrame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  const pkgKey = place.includes('/') && !place.startsWith('@') && !/^[a-z-]+$/.test(place) ? place.split('/').slice(0, 2).join('/') : place;
  byPackage.set(pkgKey, (byPackage.get(pkgKey) ?? 0) + micros);
}
const top = Number(values.top);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
show('Self time by package / folder', byPackage);
show('Self time by function', byFunction);
