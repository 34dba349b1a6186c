import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { numericId } from '../../shared/ids.js';
import type { PermitsContext } from '../context.js';
import { toWorkPermit } from '../permit/permit.mapper.js';
import { WorkPermit } from '../permit/permit.type.js';
import { Resident } from './resident.type.js';
import { partOf } from '../../shared/resident-part.js';

@Resolver(() => Resident)
export class ResidentPermitsResolver {
  @FieldResolver(() => [WorkPermit], {
    nullable: true,
    description: `The resident's work permits at enterprises within your scope, newest first (a permit belongs to its enterprise's region).${partOf('permits')}`,
  })
  async workPermits(@Root() resident: Resident, @Ctx() ctx: PermitsContext) {
    const id = numericId(resident.id);
    return id === null ? [] : (await ctx.loaders.permitsOfResident.load(id)).map((row) => toWorkPermit(row, ctx.now));
  }
}
