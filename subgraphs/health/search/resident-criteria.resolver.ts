/**
 * Resident search by health code and vaccination (population's
 * `residents(filter:)`): population owns the search but not these facts, so
 * it asks this internal field, hidden from the API (@inaccessible), which
 * residents of a region meet the criteria now, from the same present columns
 * that count the health indexes. The answer is a compact ID set
 * (shared/resident-id-set.ts) that population intersects with its own.
 */
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { CodeColor, HealthCodeReason, VaccinationLevel } from '../../shared/health-vocabulary.js';
import { encodeResidentIds } from '../../shared/resident-id-set.js';
import type { HealthContext } from '../context.js';

@Resolver()
export class ResidentCriteriaResolver {
  @Directive('@inaccessible')
  @Query(() => String, {
    description:
      'Internal, for resident search: the IDs (resident-id-set encoding) of the residents now living in the region whose health code and vaccination meet every given criterion.',
  })
  async residentIdsMatchingHealth(
    @Arg('regionCode', () => ID, { description: 'The region (any level) within the viewer\'s scope.' }) regionCode: string,
    @Arg('colors', () => [CodeColor], { nullable: true, description: 'The code\'s colour is one of these.' }) colors: CodeColor[] | null,
    @Arg('reason', () => HealthCodeReason, { nullable: true, description: 'The code gives this reason.' }) reason: HealthCodeReason | null,
    @Arg('vaccination', () => [VaccinationLevel], { nullable: true, description: 'The vaccination level is one of these.' }) vaccination: VaccinationLevel[] | null,
    @Ctx() ctx: HealthContext,
  ): Promise<string> {
    ctx.scope.assertCovers(regionCode);
    const { columns, at } = await ctx.statistics.presentColumns();
    return encodeResidentIds(columns.residentsMatching({ colors, reason, vaccination }, at, regionCode));
  }
}
