/**
 * npm run generate:lab-file -- --rows 1000000 --out lab.csv [--unmatched 0.02] [--invalid 0.01] [--pooled 0.5] [--seed 1]
 *
 * Writes a synthetic lab results file (the import's CSV format) for
 * benchmarks and tests: valid rows of residents the configured database knows
 * (identity numbers read from health.people), a share of unmatched rows
 * (valid identity numbers of nobody) and of invalid rows (each kind of
 * mistake in turn). --pooled is the share of tubes that are 10-in-1 pools
 * (0.5 puts about 90% of rows in pools). Deterministic for a seed; barcodes
 * differ between seeds (LB<seed>-…, pools PL<seed>-…).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { LAB_ROW_FIELDS } from '../subgraphs/health/ingest/lab-row.js';
import { readConfig } from '../subgraphs/shared/config.js';
import { createDatabase, queryRows } from '../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../subgraphs/shared/db/migrate.js';
import { withCheckCharacter } from '../subgraphs/shared/identity.js';

export interface LabFileSpec {
  rows: number;
  /** Identity numbers of known residents (matched rows cycle through them). */
  idNumbers: readonly string[];
  /** Shares: of rows with unmatched identity numbers, of invalid rows, of tubes that are 10-in-1 pools. */
  unmatchedShare?: number;
  invalidShare?: number;
  pooledShare?: number;
  seed?: number;
  /** Sampling times fall in the 72 hours before it; results are never after it. */
  now?: Date;
}

/** What was written: the import of the file must come to exactly these counts. */
export interface LabFileStats {
  rows: number;
  valid: number;
  unmatched: number;
  invalid: number;
  pooled: number;
}

const POOL_SIZE = 10;
const HOUR = 3_600_000;

/** The kinds of mistakes written, in turn: each breaks exactly one field. */
const MISTAKES: ((row: string[], now: Date) => void)[] = [
  (row) => (row[0] = 'ab'), // barcode too short
  (row) => (row[1] = row[1]!.slice(0, 17) + (row[1]![17] === '0' ? '1' : '0')), // wrong check character
  (row, now) => (row[2] = new Date(now.getTime() + 2 * HOUR).toISOString()), // sampled in the future (its resultAt too)
  (row) => ((row[5] = 'NEGATIVE'), (row[6] = new Date(Date.parse(row[2]!) - HOUR).toISOString())), // result before sampling
  (row) => ((row[5] = 'PENDING'), (row[6] = row[2]!)), // PENDING with a resultAt
  (row) => ((row[3] = 'POOLED'), (row[4] = '')), // POOLED without its pool
  (row) => (row[3] = 'TRIPLE'), // no such tube type
  (row) => (row[7] = ''), // no lab
  (row) => (row[2] = 'yesterday'), // not an instant
];

export async function writeSyntheticLabFile(out: string, spec: LabFileSpec): Promise<LabFileStats> {
  if (spec.idNumbers.length === 0) throw new Error('No known identity numbers: seed the population (and let health learn it) first.');
  const random = mulberry32(spec.seed ?? 1);
  const tag = (spec.seed ?? 1).toString(36).toUpperCase();
  const now = spec.now ?? new Date();
  const stats: LabFileStats = { rows: 0, valid: 0, unmatched: 0, invalid: 0, pooled: 0 };
  const stream = createWriteStream(out);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(`${LAB_ROW_FIELDS.join(',')}\n`);

  let chunk = '';
  let mistake = 0;
  for (let block = 0; stats.rows < spec.rows; block++) {
    const pooled = random() < (spec.pooledShare ?? 0.5);
    const size = Math.min(pooled ? POOL_SIZE : 1, spec.rows - stats.rows);
    const sampledAt = new Date(now.getTime() - HOUR - Math.floor(random() * 71 * HOUR));
    const reported = new Date(sampledAt.getTime() + 2 * HOUR + Math.floor(random() * 8 * HOUR));
    const draw = random();
    const result = reported > now || draw < 0.05 ? 'PENDING' : draw < 0.0505 ? 'POSITIVE' : draw < 0.053 ? 'INVALID' : 'NEGATIVE';
    const site = `Sampling point ${1 + Math.floor(random() * 400)}`;
    const lab = `Lab ${1 + Math.floor(random() * 12)}`;
    for (let member = 0; member < size; member++) {
      const i = stats.rows++;
      let idNumber: string;
      const unmatched = random() < (spec.unmatchedShare ?? 0.02);
      if (unmatched) {
        const birth = new Date(Date.UTC(1950 + Math.floor(random() * 60), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
        idNumber = withCheckCharacter(`990000${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(Math.floor(random() * 1000)).padStart(3, '0')}`);
      } else {
        // Nobody is sampled before they are born (a newborn's number would make the row invalid).
        const sampledOn = new Date(sampledAt.getTime() + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '');
        do idNumber = spec.idNumbers[Math.floor(random() * spec.idNumbers.length)]!;
        while (idNumber.slice(6, 14) > sampledOn);
      }
      const row = [
        `LB${tag}-${i.toString(36).toUpperCase().padStart(8, '0')}`,
        idNumber,
        sampledAt.toISOString(),
        pooled ? 'POOLED' : 'SINGLE',
        pooled ? `PL${tag}-${block.toString(36).toUpperCase().padStart(8, '0')}` : '',
        result,
        result === 'PENDING' ? '' : reported.toISOString(),
        lab,
        site,
      ];
      if (random() < (spec.invalidShare ?? 0.01)) {
        MISTAKES[mistake++ % MISTAKES.length]!(row, now);
        stats.invalid++;
      } else {
        stats.valid++;
        if (unmatched) stats.unmatched++;
        if (pooled) stats.pooled++;
      }
      chunk += `${row.join(',')}\n`;
      if (chunk.length > 256 * 1024) {
        await write(chunk);
        chunk = '';
      }
    }
  }
  await write(chunk);
  stream.end();
  await once(stream, 'finish');
  return stats;
}

/** A small deterministic PRNG (the file must be the same for the same seed). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      out: { type: 'string' },
      unmatched: { type: 'string', default: '0.02' },
      invalid: { type: 'string', default: '0.01' },
      pooled: { type: 'string', default: '0.5' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1 || !values.out) throw new Error('usage: npm run generate:lab-file -- --rows <n> --out <file.csv> [--unmatched 0.02] [--invalid 0.01] [--pooled 0.5] [--seed 1]');
  const config = readConfig();
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  let idNumbers: string[];
  try {
    await migrateDatabase(database);
    // At most 500,000 people: enough variety, bounded memory.
    idNumbers = (await queryRows<{ id_number: string }>(database.db, sql`select id_number from health.people order by resident_id limit 500000`)).map((r) => r.id_number);
  } finally {
    await database.close();
  }
  const started = Date.now();
  const stats = await writeSyntheticLabFile(values.out, {
    rows,
    idNumbers,
    unmatchedShare: Number(values.unmatched),
    invalidShare: Number(values.invalid),
    pooledShare: Number(values.pooled),
    seed: Number(values.seed),
  });
  console.log(
    `Wrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stats.rows.toLocaleString('en-US')} rows, ${stats.valid.toLocaleString('en-US')} valid ` +
      `(${stats.unmatched.toLocaleString('en-US')} unmatched, ${stats.pooled.toLocaleString('en-US')} pooled), ${stats.invalid.toLocaleString('en-US')} invalid ` +
      `(from ${idNumbers.length.toLocaleString('en-US')} known identity numbers).`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`generate:lab-file failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
