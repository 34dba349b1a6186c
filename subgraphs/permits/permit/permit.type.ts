import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateResolver } from 'graphql-scalars';

export enum PermitStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(PermitStatus, {
  name: 'PermitStatus',
  description: 'Where a work permit stands: PENDING → APPROVED | REJECTED; APPROVED → REVOKED | EXPIRED.',
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A permit for one resident to work at one enterprise.' })
export class WorkPermit {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => PermitStatus, { description: 'Current status.' })
  status!: PermitStatus;

  @Field(() => DateResolver, { nullable: true, description: 'First day the permit is valid (set on approval).' })
  validFrom!: string | null;

  @Field(() => DateResolver, { nullable: true, description: 'Day the permit stops being valid (exclusive).' })
  validTo!: string | null;

  /** Resolved into `enterprise` through a loader. */
  enterpriseId!: number;
}
