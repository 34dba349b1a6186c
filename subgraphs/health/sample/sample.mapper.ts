import type { SampleRow } from '../db.js';
import { NucleicAcidTest, TestResult, TubeType } from './sample.type.js';

export function toNucleicAcidTest(row: SampleRow): NucleicAcidTest {
  return Object.assign(new NucleicAcidTest(), {
    barcode: row.barcode,
    sampledAt: row.sampledAt,
    tubeType: row.tubeType as TubeType,
    result: row.result as TestResult,
    resultAt: row.resultAt,
    site: row.site,
    lab: row.lab,
  });
}
