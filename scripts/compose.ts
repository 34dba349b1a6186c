/**
 * `npm run compose` writes the schema artifacts: schema/<subgraph>.graphql,
 * schema/supergraph.graphql (Federation 2) and schema/api.graphql (what clients
 * see). `npm run compose:check` only compares and fails when any is stale.
 * Building the schemas needs no database.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaArtifacts } from './schema-artifacts.js';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema');
const check = process.argv.includes('--check');

const artifacts = await schemaArtifacts();
const stale: string[] = [];
for (const [file, content] of Object.entries(artifacts)) {
  const target = path.join(schemaDir, file);
  const current = await readFile(target, 'utf8').catch(() => null);
  if (current === content) continue;
  if (check) stale.push(file);
  else await writeFile(target, content);
}
if (stale.length > 0) {
  console.error(`Stale schema artifacts: ${stale.map((f) => `schema/${f}`).join(', ')}. Run \`npm run compose\` and commit the result.`);
  process.exit(1);
}
console.log(check ? 'Schema artifacts are up to date.' : `Wrote ${Object.keys(artifacts).length} files to schema/.`);
