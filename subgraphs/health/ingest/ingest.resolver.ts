import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { HealthContext } from '../context.js';
import { ingestBatch, MAX_KEY_LENGTH, MAX_ROWS_PER_CALL } from './ingest.commands.js';
import { toSubmission } from './ingest.mapper.js';
import { NucleicAcidResultInput, NucleicAcidSubmission } from './ingest.type.js';

@Resolver()
export class IngestResolver {
  @Mutation(() => NucleicAcidSubmission, {
    description:
      `Delivers a lab's results, up to ${MAX_ROWS_PER_CALL.toLocaleString('en-US')} rows a call. Each bad row is reported (rejected) and the good rows are stored; ` +
      'a barcode already known is updated, never duplicated; an identity number matching no resident is kept (unmatched) and linked when the person is registered. ' +
      'Re-sending the same idempotencyKey returns the first outcome and changes nothing. Errors: BAD_USER_INPUT (field rows) for no rows or too many, ' +
      '(field idempotencyKey) for a bad key; CONFLICT (field idempotencyKey) when the key was used for other rows.',
  })
  async submitNucleicAcidResults(
    @Arg('idempotencyKey', () => String, {
      description: `The sender's key for this delivery, 1 to ${MAX_KEY_LENGTH} characters: re-send with the same key after a timeout, a new key for new rows.`,
    })
    idempotencyKey: string,
    @Arg('rows', () => [NucleicAcidResultInput], { description: `The rows, 1 to ${MAX_ROWS_PER_CALL.toLocaleString('en-US')}; a rejected row is reported by its position here.` })
    rows: NucleicAcidResultInput[],
    @Ctx() ctx: HealthContext,
  ): Promise<NucleicAcidSubmission> {
    const lab = ctx.viewer.role === 'LAB_PARTNER' ? ctx.viewer.id : null;
    return toSubmission(await ingestBatch(ctx.db, idempotencyKey, `api:${ctx.viewer.id}`, rows, new Date(), lab));
  }
}
