import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { RejectedRow } from './ingest.type.js';
import { MAX_LISTED_REJECTIONS } from './lab-upload.js';

export enum LabImportStatus {
  QUEUED = 'QUEUED',
  VALIDATING = 'VALIDATING',
  MERGING = 'MERGING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  STAGED = 'STAGED',
}
registerEnumType(LabImportStatus, {
  name: 'LabImportStatus',
  description: 'Where an uploaded lab file is.',
  valuesConfig: {
    QUEUED: { description: 'Received; waiting for the imports before it.' },
    VALIDATING: { description: 'Reading the file: rows validated, the valid ones staged (rowsRead grows).' },
    MERGING: { description: 'Merging the staged rows into the samples (rowsMerged, accepted and unmatched grow).' },
    DONE: { description: 'Imported: every row stored or rejected.' },
    FAILED: { description: 'The import stopped (see error); upload the same file again to finish it.' },
    STAGED: { description: 'Staged but not completely merged, and not running here: interrupted (upload the same file again to finish it) or merging elsewhere.' },
  },
});

@ObjectType({ description: 'A lab file uploaded through POST /lab-files: its progress and outcome.' })
export class LabImport {
  @Field(() => ID, { description: 'The id POST /lab-files answered; the same file (and key) gives the same id.' })
  id!: string;

  @Field(() => String, { description: 'The idempotency key: the Idempotency-Key header, or the sha256 of the file.' })
  idempotencyKey!: string;

  @Field(() => LabImportStatus, { description: 'Where the import is.' })
  status!: LabImportStatus;

  @Field(() => Int, { nullable: true, description: 'Data rows read so far; null when the import does not run in this process.' })
  rowsRead!: number | null;

  @Field(() => Int, { nullable: true, description: 'Staged rows merged so far; null when the import does not run in this process.' })
  rowsMerged!: number | null;

  @Field(() => Int, { description: 'Rows stored in the samples so far (new samples and updates of known barcodes), unmatched ones included.' })
  accepted!: number;

  @Field(() => Int, { description: 'Of the accepted rows, those whose identity number matched no resident: kept, and linked when the person is registered.' })
  unmatched!: number;

  @Field(() => Int, { description: 'Rows rejected (validation, or a barcode that is another identity number\'s or another lab\'s sample).' })
  rejectedRows!: number;

  @Field(() => [RejectedRow], {
    description: `The rejected rows' problems, by data row (from 0, the header not counted), at most ${MAX_LISTED_REJECTIONS.toLocaleString('en-US')}.`,
  })
  rejected!: RejectedRow[];

  @Field(() => String, { nullable: true, description: 'Why the import FAILED; null otherwise.' })
  error!: string | null;

  @Field(() => DateTimeResolver, { description: 'When the file was received.' })
  receivedAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the import finished (DONE or FAILED); null while it runs.' })
  finishedAt!: Date | null;
}
