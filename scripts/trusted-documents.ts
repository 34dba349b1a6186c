/**
 * npm run trusted-documents [-- --json]
 *
 * Prints the partners' trusted documents (gateway/trusted-documents/partners.graphql) as the gateway's
 * manifest: the sha256 hash partners send for each operation, and its name (--json: {"<hash>": "<name>"}).
 * Each operation is validated against the committed API schema (schema/api.graphql) first: exit code 1
 * when one no longer validates.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildSchema, parse, validate } from 'graphql';
import { loadPartnerDocuments } from '../gateway/partners/trusted-documents.js';

const { values } = parseArgs({ options: { json: { type: 'boolean' } }, strict: true });
const schema = buildSchema(readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8'));
const documents = [...loadPartnerDocuments().values()];
const invalid = documents.flatMap((document) => validate(schema, parse(document.text)).map((error) => `${document.operationName}: ${error.message}`));
if (invalid.length > 0) {
  console.error(`Trusted documents that do not validate against schema/api.graphql:\n${invalid.map((line) => `  ${line}`).join('\n')}`);
  process.exitCode = 1;
} else if (values.json) {
  console.log(JSON.stringify(Object.fromEntries(documents.map((document) => [document.hash, document.operationName])), null, 2));
} else {
  for (const document of documents) console.log(`${document.hash}  ${document.operationName}`);
}
