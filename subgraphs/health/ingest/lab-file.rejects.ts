/**
 * The rejects file: every rejected row of a lab file, one line per problem
 * (line, field, message, original record), whether validation or the merge
 * refused it.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { MergeResult } from './ingest.merge.js';
import { readLabRecords } from './lab-file.csv.js';
import type { LabRowField, RowProblem } from './lab-row.js';

export class RejectsWriter {
  private constructor(private readonly stream: WriteStream) {}

  static async open(file: string): Promise<RejectsWriter> {
    const stream = createWriteStream(file);
    await once(stream, 'open');
    const writer = new RejectsWriter(stream);
    await writer.put('line,field,message,original\n');
    return writer;
  }

  async write(line: number, problems: readonly RowProblem[], original: string): Promise<void> {
    let text = '';
    for (const problem of problems) text += `${line},${problem.field},${csvField(problem.message)},${csvField(original)}\n`;
    await this.put(text);
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private async put(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

/**
 * Rows refused by the merge (barcode of another identity number), by row index: this run's, and any an
 * interrupted run stored (except rows validation rejected, already written), each problem once.
 */
export function mergeProblemsOf(merge: MergeResult, validationRejected: ReadonlySet<number>): Map<number, RowProblem[]> {
  const problems = new Map<number, RowProblem[]>();
  for (const rejection of [...merge.outcome.rejected.filter((r) => !validationRejected.has(r.index)), ...merge.mergeRejections]) {
    const list = problems.get(rejection.index) ?? [];
    if (!list.some((p) => p.message === rejection.message && p.field === rejection.field)) list.push({ field: rejection.field as LabRowField, message: rejection.message });
    problems.set(rejection.index, list);
  }
  return problems;
}

/** Writes the merge's problems, reading the file again for the rows' lines and original text (known only there). */
export async function writeMergeRejects(rejects: RejectsWriter, file: string, problemsByIndex: ReadonlyMap<number, RowProblem[]>): Promise<void> {
  if (problemsByIndex.size === 0) return;
  for await (const batch of readLabRecords(file)) {
    for (const record of batch) {
      const problems = problemsByIndex.get(record.index);
      if (problems) await rejects.write(record.line, problems, record.original);
    }
  }
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
