import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { resolveAsOf } from '../../shared/time.js';
import type { PermitsContext } from '../context.js';
import { PermitIndexes } from './permit-indexes.type.js';
import { Region } from './region.type.js';

@Resolver(() => Region)
export class RegionPermitsResolver {
  @FieldResolver(() => PermitIndexes, { description: 'The 4 permit indexes of this region at an instant (domain.md), counted in the enterprise\'s region.' })
  async permits(
    @Root() region: Region,
    @Arg('asOf', () => DateTimeResolver, { nullable: true, description: 'The instant; now when omitted. Never in the future.' }) asOf: Date | null,
    @Ctx() ctx: PermitsContext,
  ): Promise<PermitIndexes> {
    ctx.scope.assertCovers(region.code);
    // Omitted means the present: served from the live snapshot, evaluated when the answer is computed.
    return ctx.loaders.permitIndexes.load({ code: region.code, asOf: asOf == null ? null : resolveAsOf(asOf, ctx.now) });
  }
}
