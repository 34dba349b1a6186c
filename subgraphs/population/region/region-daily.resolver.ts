import { DateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { dailyDates, MAX_DAILY_DAYS } from '../../shared/snapshot/region-day.js';
import type { PopulationContext } from '../context.js';
import { regionDay, RegionDay } from './region-day.type.js';
import { Region } from './region.type.js';

@Resolver(() => Region)
export class RegionDailyResolver {
  // Nullable like Region.population(asOf): a bad range or a region outside the scope nulls this field, not the region.
  @FieldResolver(() => [RegionDay], {
    nullable: true,
    description:
      `This region's indexes at the end of each calendar day (Asia/Shanghai) from \`from\` to \`to\`, both included, oldest first, at most ${MAX_DAILY_DAYS} days. ` +
      "A day's indexes equal the same indexes asked with `asOf` = its last instant; today's are now's. Null, with the reason in `errors`, " +
      'for a bad range (BAD_USER_INPUT naming `from` or `to`) or a region outside your scope (FORBIDDEN).',
  })
  daily(
    @Root() region: Region,
    @Arg('from', () => DateResolver, { description: 'The first day.' }) from: Date,
    @Arg('to', () => DateResolver, { description: 'The last day: today at the latest.' }) to: Date,
    @Ctx() ctx: PopulationContext,
  ): RegionDay[] {
    const dates = dailyDates(from, to);
    ctx.scope.assertCovers(region.code);
    return dates.map((date) => regionDay(region.code, date));
  }
}
