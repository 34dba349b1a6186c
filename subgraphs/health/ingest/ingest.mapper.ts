import type { BatchOutcome } from './ingest.merge.js';
import { NucleicAcidSubmission, RejectedRow } from './ingest.type.js';

export function toSubmission(outcome: BatchOutcome): NucleicAcidSubmission {
  return Object.assign(new NucleicAcidSubmission(), {
    accepted: outcome.accepted,
    unmatched: outcome.unmatched,
    rejected: outcome.rejected.map((rejection) => Object.assign(new RejectedRow(), { index: rejection.index, field: rejection.field, message: rejection.message })),
  });
}
