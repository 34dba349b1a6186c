import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '../../shared/pagination.js';

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
  valuesConfig: {
    PENDING: { description: 'Applied for, not decided.' },
    APPROVED: { description: 'Approved; valid from validFrom until validTo while the holder lives here with a GREEN code and the enterprise is APPROVED_TO_RESUME.' },
    REJECTED: { description: 'Refused (final).' },
    REVOKED: { description: 'Withdrawn after approval (final).' },
    EXPIRED: { description: 'Its validTo has passed (final).' },
  },
});

export enum WorkPermitType {
  ON_SITE = 'ON_SITE',
  CLOSED_LOOP = 'CLOSED_LOOP',
}
registerEnumType(WorkPermitType, {
  name: 'WorkPermitType',
  description: 'Kind of work permit.',
  valuesConfig: {
    ON_SITE: { description: 'Commutes to work on the enterprise\'s premises.' },
    CLOSED_LOOP: { description: 'Lives and works inside the enterprise\'s closed loop.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A permit for one resident to work at one enterprise.' })
export class WorkPermit {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => WorkPermitType, { description: 'Kind of permit.' })
  type!: WorkPermitType;

  @Field(() => PermitStatus, { description: 'Status now (an APPROVED permit past its validTo reads EXPIRED).' })
  status!: PermitStatus;

  @Field(() => DateTimeResolver, { description: 'When it was applied for.' })
  appliedAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Valid from this instant on (the approval instant); null until approved.' })
  validFrom!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Valid until this instant (exclusive); null until approved.' })
  validTo!: Date | null;

  /** Loader keys. */
  permitId!: number;
  residentId!: number;
  enterpriseId!: number;
}

@ObjectType({ description: 'The nucleic-acid sample that decided an approval.' })
export class EvidenceSample {
  @Field(() => DateTimeResolver, { description: 'When it was taken.' })
  sampledAt!: Date;

  @Field(() => String, { description: 'Its result (NEGATIVE for an approval).' })
  result!: string;

  @Field(() => DateTimeResolver, { description: 'When the result was reported.' })
  resultAt!: Date;
}

@ObjectType({ description: 'The health check an approval passed, as the health subgraph answered it at the approval instant.' })
export class ApprovalEvidence {
  @Field(() => DateTimeResolver, { description: 'When health was asked (the approval instant).' })
  checkedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The holder\'s health-code colour then.' })
  codeColor!: string | null;

  @Field(() => [String], { description: 'The code\'s reasons then (empty for GREEN).' })
  codeReasons!: string[];

  @Field(() => EvidenceSample, { nullable: true, description: 'The latest sample within 48 h with a result; null for generated (seeded) approvals.' })
  sample!: EvidenceSample | null;
}

@ObjectType({ description: 'One status change of a permit (the first is the application): who, when, why, and the evidence.' })
export class PermitEvent {
  @Field(() => PermitStatus, { nullable: true, description: 'Status before; null for the application.' })
  fromStatus!: PermitStatus | null;

  @Field(() => PermitStatus, { description: 'Status from this change on.' })
  toStatus!: PermitStatus;

  @Field(() => DateTimeResolver, { description: 'When it took effect.' })
  at!: Date;

  @Field(() => String, { description: 'Who made the change (viewer ID; "system" for an expiry).' })
  actor!: string;

  @Field(() => String, { nullable: true, description: 'Why.' })
  reason!: string | null;

  @Field(() => ApprovalEvidence, { nullable: true, description: 'For an approval: the health check it passed; null otherwise.' })
  evidence!: ApprovalEvidence | null;
}

export const { ConnectionType: WorkPermitConnection } = connectionTypes(WorkPermit, 'WorkPermit', 'work permit');
