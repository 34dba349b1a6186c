import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors.js';
import { numericId } from '../../shared/ids.js';
import type { HealthContext } from '../context.js';
import { Resident } from '../resident/resident.type.js';
import { MAX_NOTE_LENGTH, recordOutreach } from './outreach.commands.js';
import { toOutreach } from './outreach.mapper.js';
import { Outreach, OutreachOutcome } from './outreach.type.js';
import { partOf } from '../../shared/resident-part.js';

const MAX_HISTORY = 100;

/** A reference with a malformed ID matches nothing (-1 is never an ID). */
const residentKey = (resident: Resident) => numericId(resident.id) ?? -1;

@Resolver(() => Resident)
export class OutreachResolver {
  @Mutation(() => Outreach, {
    description:
      'Records one call or visit to a resident and its outcome; who and when are taken from the request (the viewer, now). ' +
      'Returns the resident\'s updated (latest) outreach. Errors: NOT_FOUND for an unknown resident, CONFLICT once moved out, ' +
      `BAD_USER_INPUT (field note) for a note over ${MAX_NOTE_LENGTH} characters.`,
  })
  async recordOutreach(
    @Arg('residentId', () => ID, { description: 'Resident ID.' }) residentId: string,
    @Arg('outcome', () => OutreachOutcome, { description: 'What came of the call or visit.' }) outcome: OutreachOutcome,
    @Arg('note', () => String, { nullable: true, description: `Free text for colleagues, at most ${MAX_NOTE_LENGTH} characters; blank means none.` })
    note: string | null,
    @Ctx() ctx: HealthContext,
  ) {
    return toOutreach(await recordOutreach(ctx, residentId, outcome, note));
  }

  @FieldResolver(() => Outreach, { nullable: true, description: 'The latest call or visit to get this resident tested; null if never contacted.' })
  async outreach(@Root() resident: Resident, @Ctx() ctx: HealthContext) {
    const [latest] = await ctx.loaders.latestOutreach(1).load(residentKey(resident));
    return latest ? toOutreach(latest) : null;
  }

  @FieldResolver(() => [Outreach], { nullable: true, description: `Calls and visits to get this resident tested, newest first.${partOf('health')}` })
  async outreachHistory(
    @Root() resident: Resident,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many, at most ${MAX_HISTORY}.` }) first: number,
    @Ctx() ctx: HealthContext,
  ) {
    if (first < 0 || first > MAX_HISTORY) throw badUserInput('first', `first must be between 0 and ${MAX_HISTORY} (got ${first}).`);
    if (first === 0) return [];
    return (await ctx.loaders.latestOutreach(first).load(residentKey(resident))).map(toOutreach);
  }
}
