/**
 * What one request read of personal data, unmasked: collected per subgraph
 * context by the PersonalField middleware, turned into one audit row per
 * request by whoever serves the request (gateway/audit.ts in one process,
 * serve-subgraph.ts for a subgraph served alone).
 */

export interface PersonalReads {
  /** Residents whose personal fields were sent unmasked. */
  residentIds: Set<number>;
  /** True once any personal field was sent unmasked (a household's address names no resident). */
  any: boolean;
}

// Keyed by the subgraph context object: it lives exactly as long as the request.
const readsByContext = new WeakMap<object, PersonalReads>();

/** The reads collected in `context` (created empty on first use). */
export function personalReadsOf(context: object): PersonalReads {
  let reads = readsByContext.get(context);
  if (!reads) readsByContext.set(context, (reads = { residentIds: new Set(), any: false }));
  return reads;
}

/** Records an unmasked personal field of `residentId` (null: not a resident's). */
export function recordPersonalRead(context: object, residentId: number | null): void {
  const reads = personalReadsOf(context);
  reads.any = true;
  if (residentId !== null && Number.isSafeInteger(residentId)) reads.residentIds.add(residentId);
}

/** The reads of several contexts (one per subgraph), merged; null when nothing personal was read. */
export function mergedReads(contexts: readonly unknown[]): PersonalReads | null {
  const merged: PersonalReads = { residentIds: new Set(), any: false };
  for (const context of contexts) {
    const reads = typeof context === 'object' && context !== null ? readsByContext.get(context) : undefined;
    if (!reads) continue;
    merged.any ||= reads.any;
    for (const id of reads.residentIds) merged.residentIds.add(id);
  }
  return merged.any ? merged : null;
}
