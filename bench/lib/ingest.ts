/**
 * Lab ingest: the CLI (`npm run import:lab`) against a bare `\copy` of the
 * same file into an unindexed all-text table, and the
 * `submitNucleicAcidResults` mutation in 5,000-row batches. Files are
 * generated with a per-run seed, so barcodes are new on every run (an
 * identical file would be skipped as already imported).
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { ROOT, runCommand } from './processes.js';

export const WORK_DIR = path.join(ROOT, 'bench/.work');

export interface CliIngest {
  rows: number;
  fileBytes: number;
  generateSeconds: number;
  importWallSeconds: number;
  importReportedSeconds: number | null;
  copySeconds: number;
  summary: string;
}

export async function generateLabFile(databaseUrl: string, rows: number, seed: number, out: string, extra: string[] = []): Promise<number> {
  mkdirSync(WORK_DIR, { recursive: true });
  const result = await runCommand(
    'generate-lab-file',
    process.execPath,
    ['--import', 'tsx', 'scripts/generate-lab-file.ts', '--rows', String(rows), '--out', out, '--seed', String(seed), ...extra],
    { DATABASE_URL: databaseUrl },
    10 * 60_000,
  );
  if (result.code !== 0) throw new Error(`generate:lab-file failed:\n${result.stderr.slice(-2000)}`);
  return result.millis / 1000;
}

export async function cliIngest(databaseUrl: string, rows: number, seed: number, log: (m: string) => void): Promise<CliIngest> {
  const file = path.join(WORK_DIR, `lab-${seed}.csv`);
  log(`generating ${rows.toLocaleString('en-US')} lab rows (seed ${seed})…`);
  const generateSeconds = await generateLabFile(databaseUrl, rows, seed, file);

  log('bare \\copy into an unindexed text table…');
  const table = 'public.bench_bare_lab';
  const psql = (command: string, timeoutMs: number) =>
    runCommand('psql', 'psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {}, timeoutMs);
  await psql(`drop table if exists ${table}; create table ${table} (barcode text, id_number text, sampled_at text, tube_type text, pool_barcode text, result text, result_at text, lab text, site text)`, 60_000);
  const copy = await psql(`\\copy ${table} from '${file}' with (format csv, header true)`, 10 * 60_000);
  if (copy.code !== 0) throw new Error(`\\copy failed: ${copy.stderr}`);
  await psql(`drop table ${table}`, 60_000);

  log('npm run import:lab…');
  const imported = await runCommand('import-lab', process.execPath, ['--import', 'tsx', 'scripts/import-lab-file.ts', file], { DATABASE_URL: databaseUrl }, 30 * 60_000);
  if (imported.code !== 0) throw new Error(`import:lab failed:\n${imported.stderr.slice(-2000)}`);
  const reported = /in ([\d.]+) s/.exec(imported.stdout);
  return {
    rows,
    fileBytes: statSync(file).size,
    generateSeconds,
    importWallSeconds: imported.millis / 1000,
    importReportedSeconds: reported ? Number(reported[1]) : null,
    copySeconds: copy.millis / 1000,
    summary: imported.stdout.trim(),
  };
}

export interface MutationIngest {
  rows: number;
  batches: number;
  seconds: number;
  rowsPerSecond: number;
  medianBatchMs: number;
  accepted: number;
  rejected: number;
}

const MUTATION = `mutation SubmitNucleicAcidResults($idempotencyKey: String!, $rows: [NucleicAcidResultInput!]!) {
  submitNucleicAcidResults(idempotencyKey: $idempotencyKey, rows: $rows) { accepted unmatched rejected { index field message } } }`;

/** The mutation through the gateway, one 5,000-row batch after another (a file without invalid rows: a bad DateTime would fail a whole request's variables). */
export async function mutationIngest(databaseUrl: string, gatewayUrl: string, headers: Record<string, string>, rows: number, seed: number, log: (m: string) => void): Promise<MutationIngest> {
  const file = path.join(WORK_DIR, `lab-mutation-${seed}.csv`);
  log(`generating ${rows.toLocaleString('en-US')} lab rows for the mutation (seed ${seed})…`);
  await generateLabFile(databaseUrl, rows, seed, file, ['--invalid', '0']);
  const records = parseCsv(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const inputs = records.map((r) => {
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(r)) if (value !== '') row[key] = value;
    return row;
  });
  const batchSize = 5_000;
  const times: number[] = [];
  let accepted = 0;
  let rejected = 0;
  const started = performance.now();
  for (let i = 0; i < inputs.length; i += batchSize) {
    const batchStarted = performance.now();
    const send = () =>
      fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: MUTATION, variables: { idempotencyKey: `bench-${seed}-${i}`, rows: inputs.slice(i, i + batchSize) } }),
        signal: AbortSignal.timeout(300_000),
      });
    // A batch that never got an answer is sent again: its idempotency key makes that safe (a client should).
    const response = await send().catch((error: unknown) => {
      log(`  batch ${i / batchSize + 1}: ${String(error)} (${String((error as { cause?: unknown }).cause)}); sending it again`);
      return send();
    });
    const json = (await response.json()) as { data?: { submitNucleicAcidResults: { accepted: number; rejected: unknown[] } }; errors?: unknown[] };
    if (json.errors?.length || !json.data) throw new Error(`submitNucleicAcidResults failed: ${JSON.stringify(json.errors).slice(0, 1000)}`);
    accepted += json.data.submitNucleicAcidResults.accepted;
    rejected += json.data.submitNucleicAcidResults.rejected.length;
    times.push(performance.now() - batchStarted);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    rows: inputs.length,
    batches: times.length,
    seconds,
    rowsPerSecond: inputs.length / seconds,
    medianBatchMs: times[times.length >> 1]!,
    accepted,
    rejected,
  };
}
