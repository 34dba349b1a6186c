import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import { pastInstant } from '../../shared/time.js';
import type { HealthContext } from '../context.js';
import { Resident } from '../resident/resident.type.js';
import { HealthCode } from './health-code.type.js';

@Resolver(() => Resident)
export class HealthCodeResolver {
  @FieldResolver(() => HealthCode, {
    nullable: true,
    description:
      'The resident\'s health code at an instant (now by default), with every reason, from the facts recorded as holding then. ' +
      'Null for a resident health has not heard of yet (registered less than a second ago); null with BAD_USER_INPUT (field asOf) for an instant in the future.',
  })
  async healthCode(
    @Root() resident: Resident,
    @Arg('asOf', () => DateTimeResolver, { nullable: true, description: 'The instant; now when omitted. Never in the future.' }) asOf: Date | null,
    @Ctx() ctx: HealthContext,
  ): Promise<HealthCode | null> {
    const at = pastInstant(asOf);
    const id = numericId(resident.id);
    return id === null ? null : ctx.loaders.healthCode(at).load(id);
  }
}
