import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { HealthContext } from '../context.js';
import { RejectedRow } from './ingest.type.js';
import { LabImport, LabImportStatus } from './lab-import.type.js';

@Resolver()
export class LabImportResolver {
  @Query(() => LabImport, {
    nullable: true,
    description:
      'A lab file uploaded through POST /lab-files (Content-Type: text/csv, optional Idempotency-Key; answered 202 with this id): progress and outcome. ' +
      'A LAB_PARTNER sees only its own uploads, a DISTRICT_ADMIN every one; null when unknown. Errors: FORBIDDEN for other roles.',
  })
  async labImport(@Arg('id', () => ID, { description: 'The id POST /lab-files answered.' }) id: string, @Ctx() ctx: HealthContext): Promise<LabImport | null> {
    if (ctx.viewer.role !== 'LAB_PARTNER' && ctx.viewer.role !== 'DISTRICT_ADMIN') {
      throw new GraphQLError('Only lab partners (their own uploads) and district administrators may read lab imports.', { extensions: { code: 'FORBIDDEN' } });
    }
    const view = await ctx.labUploads.view(id, ctx.viewer);
    if (!view) return null;
    return Object.assign(new LabImport(), {
      ...view,
      status: view.status as LabImportStatus,
      rejected: view.rejected.map((r) => Object.assign(new RejectedRow(), r)),
    });
  }
}
