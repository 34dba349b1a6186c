/**
 * `npm run token -- --role ROLE --region CODE [--sub NAME] [--name TEXT] [--ttl 8h]`:
 * mints a token with the configured secret (AUTH_JWT_SECRET, or the
 * development secret `npm start` created), printed alone on stdout so that
 * `TOKEN=$(npm run -s token -- …)` works.
 */
import { parseArgs } from 'node:util';
import { mintWithConfig } from '../subgraphs/shared/auth/keys.js';
import { ROLE_POLICIES, VIEWER_ROLES, type ViewerRole } from '../subgraphs/shared/auth/roles.js';
import { viewerOfClaims } from '../subgraphs/shared/auth/tokens.js';
import { ConfigError, readConfig } from '../subgraphs/shared/config.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

function seconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match || Number(match[1]) < 1) throw new Error(`--ttl must be a number with s, m, h or d, e.g. 8h (got "${ttl}")`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, region: { type: 'string' }, sub: { type: 'string' }, name: { type: 'string' }, ttl: { type: 'string', default: '8h' } },
  });
  if (!values.role || !values.region) {
    const levels = VIEWER_ROLES.map((role) => `${role} (${ROLE_POLICIES[role].regionLevels.join('/').toLowerCase()})`).join(', ');
    throw new Error(`usage: npm run token -- --role ROLE --region CODE [--sub NAME] [--name TEXT] [--ttl 8h]\nroles and their region levels: ${levels}`);
  }
  const viewer = { id: values.sub ?? `${values.role.toLowerCase()}-${values.region}`, role: values.role as ViewerRole, regionCode: values.region, name: values.name };
  // The same checks a request's token gets, so a token that would be refused is never printed.
  viewerOfClaims({ sub: viewer.id, role: viewer.role, region: viewer.regionCode });
  console.log(await mintWithConfig(readConfig().auth, viewer, seconds(values.ttl)));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
