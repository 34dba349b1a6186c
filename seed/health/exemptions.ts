/**
 * Health's projection of the population's resident tags: a testing
 * exemption for every EXEMPT_FROM_TESTING tag (ended when the tag was
 * removed), and which residents work in a key industry (they are sampled
 * daily or every other day). Draws nothing.
 */
import type { ResidentTagRow } from '../../subgraphs/population/db.js';
import type { exemptions } from '../../subgraphs/health/db.js';
import type { Person } from './model.js';

export type ExemptionRow = typeof exemptions.$inferSelect;

export const EXEMPTION_TAG = 'EXEMPT_FROM_TESTING';

export class ExemptionProjection {
  private lastId = 0;

  /** `persons` and `residentTags` are both in resident order (the tags of one community). */
  project(persons: readonly Person[], residentTags: readonly ResidentTagRow[], out: ExemptionRow[]): void {
    let g = 0;
    for (const person of persons) {
      for (; g < residentTags.length && residentTags[g]!.residentId === person.id; g++) {
        const tag = residentTags[g]!;
        if (tag.tagCode === 'KEY_INDUSTRY_WORKER' && tag.untaggedAt === null) person.keyWorker = true;
        if (tag.tagCode !== EXEMPTION_TAG) continue;
        out.push({
          id: ++this.lastId,
          residentId: person.id,
          source: 'TAG',
          reason: `Tagged ${EXEMPTION_TAG}`,
          startsAt: tag.taggedAt,
          endsAt: tag.untaggedAt,
          statedFrom: null,
          statedUntil: null,
          recordedBy: 'population',
        });
        person.exemptions.push({ start: tag.taggedAt.getTime(), end: tag.untaggedAt?.getTime() ?? Infinity });
      }
    }
  }
}
