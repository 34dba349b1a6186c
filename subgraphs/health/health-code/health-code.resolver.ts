import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { HealthContext } from '../context.js';
import { Resident } from '../resident/resident.type.js';
import { HealthCode } from './health-code.type.js';

@Resolver(() => Resident)
export class HealthCodeResolver {
  @FieldResolver(() => HealthCode, {
    nullable: true,
    description: 'The resident\'s health code now, with every reason. Null for a resident health has not heard of yet (registered less than a second ago).',
  })
  async healthCode(@Root() resident: Resident, @Ctx() ctx: HealthContext): Promise<HealthCode | null> {
    const id = numericId(resident.id);
    return id === null ? null : ctx.loaders.healthCode.load(id);
  }
}
