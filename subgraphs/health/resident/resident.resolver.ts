import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { HealthContext } from '../context.js';
import { toNucleicAcidTest } from '../sample/sample.mapper.js';
import { NucleicAcidTest } from '../sample/sample.type.js';
import { Resident } from './resident.type.js';
import { partOf } from '../../shared/resident-part.js';

const MAX_TESTS = 100;

/** A reference with a malformed ID matches no sample (-1 is never an ID). */
function residentKey(resident: Resident): number {
  return numericId(resident.id) ?? -1;
}

@Resolver(() => Resident)
export class ResidentHealthResolver {
  @FieldResolver(() => [NucleicAcidTest], { nullable: true, description: `The resident's latest nucleic-acid samples, newest first.${partOf('health')}` })
  async nucleicAcidTests(
    @Root() resident: Resident,
    @Arg('first', () => Int, { defaultValue: 10, description: `How many, at most ${MAX_TESTS}.` }) first: number,
    @Ctx() ctx: HealthContext,
  ) {
    if (first < 0 || first > MAX_TESTS) throw badUserInput('first', `first must be between 0 and ${MAX_TESTS} (got ${first}).`);
    if (first === 0) return [];
    return (await ctx.loaders.latestSamples(first).load(residentKey(resident))).map(toNucleicAcidTest);
  }

  @FieldResolver(() => NucleicAcidTest, { nullable: true, description: 'The resident\'s most recent sample; null if never sampled.' })
  async latestNucleicAcidTest(@Root() resident: Resident, @Ctx() ctx: HealthContext) {
    const [latest] = await ctx.loaders.latestSamples(1).load(residentKey(resident));
    return latest ? toNucleicAcidTest(latest) : null;
  }
}
