/**
 * The committed schema files are what the code builds: a change to a type or
 * field without `npm run compose` fails here.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { schemaArtifacts } from '../../scripts/schema-artifacts.js';

test('schema/*.graphql are up to date with the subgraphs (run `npm run compose` if not)', async () => {
  const artifacts = await schemaArtifacts();
  expect(Object.keys(artifacts).sort()).toEqual(
    ['api.graphql', 'cases.graphql', 'health.graphql', 'permits.graphql', 'population.graphql', 'supergraph.graphql'].sort(),
  );
  for (const [file, content] of Object.entries(artifacts)) {
    const committed = await readFile(new URL(`../../schema/${file}`, import.meta.url), 'utf8');
    expect(committed, `schema/${file} is stale: run \`npm run compose\``).toBe(content);
  }
});

test('the supergraph is standard Federation 2 (portable to other federation engines)', async () => {
  const supergraph = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
  expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/join/v0.');
  for (const name of ['POPULATION', 'HEALTH', 'PERMITS', 'CASES']) expect(supergraph).toMatch(new RegExp(`${name} @join__graph`));
});
