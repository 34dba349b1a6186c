/**
 * Compiles only if the generated documents carry the types clients rely on.
 * Type-checked by tests/schema/codegen.test.ts after codegen runs.
 */
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import {
  RegionDashboardDocument,
  ResidentProfileDocument,
  SearchResidentsDocument,
  SubmitNucleicAcidResultsDocument,
  UntestedResidentsDocument,
} from '../generated/graphql.js';

type Search = ResultOf<typeof SearchResidentsDocument>;
type Node = Search['residents']['edges'][number]['node'];

export const age: number = null as unknown as Node['age'];
export const residencyType: 'REGISTERED' | 'FLOATING' | 'OVERSEAS' = null as unknown as Node['residencyType'];
export const filter: VariablesOf<typeof SearchResidentsDocument>['filter'] = { regionCode: '310118', tagsAll: ['BEDRIDDEN'], ageMin: 60 };

type Dashboard = NonNullable<ResultOf<typeof RegionDashboardDocument>['region']>;
export const level: 'DISTRICT' | 'TOWN' | 'COMMUNITY' = null as unknown as Dashboard['level'];

type Profile = NonNullable<ResultOf<typeof ResidentProfileDocument>['resident']>;
export const idNumber: string = null as unknown as Profile['idNumber'];
export const members: { id: string; name: string }[] | undefined = null as unknown as NonNullable<Profile['household']>['members'];

type CallList = NonNullable<NonNullable<ResultOf<typeof UntestedResidentsDocument>['region']>['untestedResidents']>;
type CallNode = CallList['edges'][number]['node'];
export const color: 'GREEN' | 'YELLOW' | 'RED' = null as unknown as NonNullable<CallNode['healthCode']>['color'];
export const coverage: number = null as unknown as NonNullable<Dashboard['health']>['testing']['coverage72h'];
export const rows: VariablesOf<typeof SubmitNucleicAcidResultsDocument>['rows'] = [
  { barcode: 'S00000000001', idNumber: '11010519491231002X', sampledAt: '2026-11-26T08:00:00Z', tubeType: 'SINGLE', result: 'NEGATIVE', resultAt: '2026-11-26T12:00:00Z', lab: 'Lab', site: 'Site' },
];
