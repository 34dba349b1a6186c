/**
 * The roles a token may carry and what each may do: one table, read by the
 * gateway's operation check (root fields and mutations), by masking, and by
 * token verification (the region level a role's claim must have).
 */
export const VIEWER_ROLES = ['DISTRICT_ADMIN', 'TOWN_OFFICER', 'COMMUNITY_WORKER', 'ANALYST', 'LAB_PARTNER', 'PERMIT_BUREAU'] as const;
export type ViewerRole = (typeof VIEWER_ROLES)[number];

/** Region code lengths: district 6, town 9, community 12 digits. */
type RegionLevel = 'DISTRICT' | 'TOWN' | 'COMMUNITY';
const LEVEL_OF_LENGTH: Record<number, RegionLevel> = { 6: 'DISTRICT', 9: 'TOWN', 12: 'COMMUNITY' };

export function regionLevelOf(code: string): RegionLevel | undefined {
  return /^\d+$/.test(code) ? LEVEL_OF_LENGTH[code.length] : undefined;
}

interface RolePolicy {
  /** Region levels the token's `region` claim may name. */
  regionLevels: readonly RegionLevel[];
  /** Unmasked names, identity numbers, phones, addresses and birth dates. */
  personalData: boolean;
  /** Partners run only the operations kept in the repository (trusted documents), sent by hash. */
  trustedDocumentsOnly: boolean;
  /** Root Query fields it may ask for: 'ALL', or a list. */
  queries: 'ALL' | readonly string[];
  /** Mutations it may run (each still refuses regions outside the viewer's). */
  mutations: 'ALL' | readonly string[];
}

const ANY_LEVEL: readonly RegionLevel[] = ['DISTRICT', 'TOWN', 'COMMUNITY'];

/** What a community worker does in its community: call, tag, exempt, keep the register. */
const COMMUNITY_CHANGES = [
  'recordOutreach',
  'tagResident',
  'untagResident',
  'recordExemption',
  'endExemption',
  'registerResident',
  'updateResident',
  'moveOutResident',
  // Community health stations record the doses they give; shops and sites in the community get their venue codes.
  'recordVaccination',
  'registerVenue',
];
const PERMIT_CHANGES = ['registerEnterprise', 'setEnterpriseResumption', 'applyWorkPermit', 'approveWorkPermit', 'rejectWorkPermit', 'revokeWorkPermit'];
const TOWN_CHANGES = [
  ...COMMUNITY_CHANGES,
  'startHomeObservation',
  'endHomeObservation',
  'reportCase',
  'transferCase',
  'dischargeCase',
  'recordDeath',
  'reclassifyCase',
  'addCloseContact',
  'releaseCloseContact',
  'convertCloseContactToCase',
  'registerVenue',
  'recordVenueScan',
  ...PERMIT_CHANGES,
];

/** Admin-only reads, refused to everybody else whatever their `queries` say. */
export const ADMIN_ONLY_QUERIES = ['auditEvents'];

export const ROLE_POLICIES: Record<ViewerRole, RolePolicy> = {
  DISTRICT_ADMIN: { regionLevels: ['DISTRICT'], personalData: true, trustedDocumentsOnly: false, queries: 'ALL', mutations: 'ALL' },
  TOWN_OFFICER: { regionLevels: ['TOWN'], personalData: true, trustedDocumentsOnly: false, queries: 'ALL', mutations: TOWN_CHANGES },
  COMMUNITY_WORKER: { regionLevels: ['COMMUNITY'], personalData: true, trustedDocumentsOnly: false, queries: 'ALL', mutations: COMMUNITY_CHANGES },
  ANALYST: { regionLevels: ANY_LEVEL, personalData: false, trustedDocumentsOnly: false, queries: 'ALL', mutations: [] },
  LAB_PARTNER: {
    regionLevels: ['DISTRICT'],
    personalData: false,
    trustedDocumentsOnly: true,
    queries: ['labImport'],
    mutations: ['submitNucleicAcidResults'],
  },
  PERMIT_BUREAU: {
    regionLevels: ANY_LEVEL,
    personalData: false,
    trustedDocumentsOnly: true,
    queries: ['region', 'regions', 'enterprise', 'enterprises', 'workPermit', 'workPermits', 'resumedWorkers'],
    mutations: PERMIT_CHANGES,
  },
};

/** Why the role may not run this root field, or null when it may. */
export function refusalOf(role: ViewerRole, operation: 'query' | 'mutation', field: string): string | null {
  if (field.startsWith('__')) return null; // introspection: every authenticated caller
  const policy = ROLE_POLICIES[role];
  if (operation === 'query' && ADMIN_ONLY_QUERIES.includes(field) && role !== 'DISTRICT_ADMIN') return `Only a DISTRICT_ADMIN may read ${field}.`;
  const allowed = operation === 'query' ? policy.queries : policy.mutations;
  if (allowed === 'ALL' || allowed.includes(field)) return null;
  return `The ${role} role may not ${operation === 'query' ? 'read' : 'run'} ${field}.`;
}
