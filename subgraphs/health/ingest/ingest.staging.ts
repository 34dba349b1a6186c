/**
 * Valid rows of a delivery wait in health.ingest_staging until the merge.
 * API batches arrive as one multi-row insert; files arrive by COPY (the CSV
 * lines are made here, so both doors store exactly the same values).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../shared/db/database.js';
import type { LabRow } from './lab-row.js';

export const STAGING_TABLE = 'health.ingest_staging';
export const STAGING_COLUMNS = [
  'idempotency_key',
  'row_index',
  'barcode',
  'id_number',
  'sampled_at',
  'tube_type',
  'pool_barcode',
  'result',
  'result_at',
  'site',
  'lab',
] as const;

/** A valid row and its position in the delivery (index in `rows`, or data-row number in a file, from 0). */
export interface IndexedLabRow {
  index: number;
  row: LabRow;
}

const INSERT_CHUNK = 5_000;

/** Stages rows with one insert per 5,000 rows (the whole chunk travels as one JSON parameter). */
export async function insertStagedRows(tx: Executor, key: string, rows: readonly IndexedLabRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const json = JSON.stringify(
      rows.slice(start, start + INSERT_CHUNK).map(({ index, row }) => ({
        row_index: index,
        barcode: row.barcode,
        id_number: row.idNumber,
        sampled_at: row.sampledAt.toISOString(),
        tube_type: row.tubeType,
        pool_barcode: row.poolBarcode,
        result: row.result,
        result_at: row.resultAt?.toISOString() ?? null,
        site: row.site,
        lab: row.lab,
      })),
    );
    await tx.execute(sql`
      insert into health.ingest_staging (idempotency_key, row_index, barcode, id_number, sampled_at, tube_type, pool_barcode, result, result_at, site, lab)
      select ${key}, r.row_index, r.barcode, r.id_number, r.sampled_at, r.tube_type, r.pool_barcode, r.result, r.result_at, r.site, r.lab
      from jsonb_to_recordset(${json}::jsonb) as r(
        row_index int, barcode text, id_number text, sampled_at timestamptz, tube_type health.tube_type,
        pool_barcode text, result health.test_result, result_at timestamptz, site text, lab text)`);
  }
}

/** One staged row as a line of COPY's CSV format (STAGING_COLUMNS order; an unquoted empty field is NULL). */
export function stagingCsvLine(key: string, index: number, row: LabRow): string {
  return (
    `${quote(key)},${index},${row.barcode},${row.idNumber},${row.sampledAt.toISOString()},${row.tubeType},` +
    `${row.poolBarcode ?? ''},${row.result},${row.resultAt?.toISOString() ?? ''},${quote(row.site)},${quote(row.lab)}\n`
  );
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
