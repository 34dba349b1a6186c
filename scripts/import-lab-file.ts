/**
 * npm run import:lab -- <file.csv> [--key <idempotency key>] [--rejects <rejects.csv>]
 *
 * Imports a lab's results file into the configured database (DATABASE_URL, or
 * the PGlite folder DATA_DIR: not while a server has that folder open). The
 * file is streamed; progress goes to stderr, the summary to stdout. The
 * default key is the sha256 of the file, so importing a file twice changes
 * nothing; a run that died is finished by running it again.
 */
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';
import { importLabFile } from '../subgraphs/health/ingest/lab-file.js';
import { readConfig } from '../subgraphs/shared/config.js';
import { createDatabase } from '../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../subgraphs/shared/db/migrate.js';

const USAGE = 'usage: npm run import:lab -- <file.csv> [--key <idempotency key>] [--rejects <rejects.csv>]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { key: { type: 'string' }, rejects: { type: 'string' } },
    strict: true,
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  const file = positionals[0]!;
  const config = readConfig();
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateDatabase(database);
    const result = await importLabFile(database, file, {
      key: values.key,
      rejectsFile: values.rejects,
      onProgress: (message) => console.error(message),
    });
    const summary =
      result.status === 'already-imported'
        ? `${file} was already imported (key ${result.key}): nothing changed.`
        : `${result.status === 'resumed' ? 'Finished the interrupted import of' : 'Imported'} ${file} (key ${result.key}) in ${result.seconds.toFixed(1)} s: ` +
          `${result.rows.toLocaleString('en-US')} rows read.`;
    console.log(
      `${summary} Batch: ${result.accepted.toLocaleString('en-US')} accepted (${result.unmatched.toLocaleString('en-US')} unmatched), ` +
        `${result.rejectedRows.toLocaleString('en-US')} rejected${values.rejects && result.status !== 'already-imported' ? ` (see ${values.rejects})` : ''}.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof GraphQLError ? `${error.extensions.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  console.error(`import:lab failed: ${message}`);
  process.exitCode = 1;
});
