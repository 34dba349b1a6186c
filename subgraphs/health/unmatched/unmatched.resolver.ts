import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { regionLevelOf } from '../../shared/auth/roles.js';
import { forbidden } from '../../shared/errors.js';
import { parseTimestamp } from '../../shared/db/timestamps.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../shared/pagination.js';
import type { HealthContext } from '../context.js';
import type { TestResult } from '../sample/sample.type.js';
import { unmatchedCount, unmatchedPage } from './unmatched.queries.js';
import { UnmatchedNucleicAcidResult, UnmatchedNucleicAcidResultConnection } from './unmatched.type.js';

@Resolver()
export class UnmatchedResultsResolver {
  @Query(() => UnmatchedNucleicAcidResultConnection, {
    description:
      'Lab results whose identity number matches no resident yet, newest arrival first, a page at a time: for the health commission. ' +
      'They belong to no region, so only district-wide viewers may read them; identity numbers are masked for roles without personal data. ' +
      'Errors: FORBIDDEN for viewers scoped to a town or community, BAD_USER_INPUT (first, after).',
  })
  async unmatchedNucleicAcidResults(
    @Arg('first', () => Int, { nullable: true, description: 'Page size: default 20, at most 500.' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor after which the page starts (a previous endCursor).' }) after: string | null,
    @Ctx() ctx: HealthContext,
  ) {
    if (regionLevelOf(ctx.viewer.regionCode) !== 'DISTRICT') {
      throw forbidden('Unmatched lab results belong to no region: only district-wide viewers may read them.');
    }
    const size = pageSize(first);
    const key = decodeCursor(after, ['string', 'string'] as const);
    const [rows, totalCount] = await Promise.all([unmatchedPage(ctx.db, size + 1, key && { receivedAt: key[0], barcode: key[1] }), unmatchedCount(ctx.db)]);
    return toConnection(
      rows,
      size,
      totalCount,
      (row) => encodeCursor([row.received_at, row.barcode]),
      (row) =>
        Object.assign(new UnmatchedNucleicAcidResult(), {
          barcode: row.barcode,
          idNumber: row.id_number,
          sampledAt: parseTimestamp(row.sampled_at),
          result: row.result as TestResult,
          lab: row.lab,
          receivedAt: parseTimestamp(row.received_at),
        }),
    );
  }
}
