import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { resolveAsOf } from '../../shared/time.js';
import type { HealthContext } from '../context.js';
import { Region } from '../region/region.type.js';
import { HealthIndexes } from './health-indexes.type.js';

@Resolver(() => Region)
export class HealthIndexesResolver {
  @FieldResolver(() => HealthIndexes, { description: 'The 21 health indexes of this region at an instant (domain.md).' })
  async health(
    @Root() region: Region,
    @Arg('asOf', () => DateTimeResolver, { nullable: true, description: 'The instant; now when omitted. Never in the future.' }) asOf: Date | null,
    @Ctx() ctx: HealthContext,
  ): Promise<HealthIndexes> {
    ctx.scope.assertCovers(region.code);
    // Omitted means the present: served from the live snapshot, evaluated when the answer is computed.
    return ctx.loaders.healthIndexes.load({ code: region.code, asOf: asOf == null ? null : resolveAsOf(asOf) });
  }
}
