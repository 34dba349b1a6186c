/**
 * Client identity: `Authorization: Bearer <JWT>`, verified with jose against a
 * shared secret (HS256) or an identity provider's JWKS. The claims become the
 * viewer: `sub` the actor recorded everywhere, `role`, `region` (a region code
 * of the level the role works at), `exp` required, `name` optional.
 */
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Viewer } from '../viewer.js';
import { regionLevelOf, ROLE_POLICIES, VIEWER_ROLES, type ViewerRole } from './roles.js';

/** The reason a request carries no acceptable identity; answered with HTTP 401. */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

/** Longest token we look at: real ones are well under 4 KB; anything longer is refused before parsing. */
const MAX_TOKEN_LENGTH = 8192;
/** Clocks of the provider and of this machine may disagree by this much. */
const CLOCK_TOLERANCE_S = 30;

export type ClientKey = { secret: Uint8Array } | { jwks: JWTVerifyGetKey };

export interface TokenRules {
  key: ClientKey;
  issuer?: string;
  audience?: string;
}

/** Asymmetric algorithms an identity provider signs with; HS256 only with our own secret. `none` never. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

export function jwksKey(url: string): ClientKey {
  return { jwks: createRemoteJWKSet(new URL(url)) };
}

/** The viewer of an `Authorization` header value; throws AuthenticationError saying what is wrong. */
export async function viewerOfAuthorization(header: string | undefined, rules: TokenRules): Promise<Viewer> {
  if (!header) throw new AuthenticationError('Sign in: send Authorization: Bearer <token>.');
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header.trim());
  if (!match || match[1]!.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('The Authorization header must be "Bearer <JWT>".');
  const token = match[1]!;
  let payload: JWTPayload;
  try {
    const options = { issuer: rules.issuer, audience: rules.audience, requiredClaims: ['exp', 'sub'], clockTolerance: CLOCK_TOLERANCE_S };
    payload =
      'secret' in rules.key
        ? (await jwtVerify(token, rules.key.secret, { ...options, algorithms: ['HS256'] })).payload
        : (await jwtVerify(token, rules.key.jwks, { ...options, algorithms: JWKS_ALGORITHMS })).payload;
  } catch (error) {
    throw new AuthenticationError(tokenProblem(error));
  }
  return viewerOfClaims(payload);
}

function tokenProblem(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired: sign in again.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted: ${error.reason}.`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm this platform does not accept.';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'The token\'s signature does not verify.';
  if (error instanceof errors.JOSEError) return `The token is not valid (${error.code}).`;
  throw error; // e.g. the identity provider's JWKS unreachable: not the client's fault
}

/** Claims → viewer, refusing anything the role table does not allow. */
export function viewerOfClaims(claims: JWTPayload): Viewer {
  const { sub, role, region, name } = claims as JWTPayload & Record<string, unknown>;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw new AuthenticationError('The token\'s sub claim must be 1 to 200 characters.');
  if (typeof role !== 'string' || !VIEWER_ROLES.includes(role as ViewerRole)) {
    throw new AuthenticationError(`The token's role claim must be one of ${VIEWER_ROLES.join(', ')}.`);
  }
  const level = typeof region === 'string' ? regionLevelOf(region) : undefined;
  const levels = ROLE_POLICIES[role as ViewerRole].regionLevels;
  if (!level || !levels.includes(level)) {
    throw new AuthenticationError(`The token's region claim must be a ${levels.join(' or ').toLowerCase()} code for the ${role} role.`);
  }
  return { id: sub, role: role as ViewerRole, regionCode: region as string, ...(typeof name === 'string' ? { name: name.slice(0, 200) } : {}) };
}

/** A token for `viewer`, signed with `secret` (HS256): `npm run token`, the start's demo token and the tests. */
export function mintToken(
  viewer: Pick<Viewer, 'id' | 'role' | 'regionCode'> & { name?: string },
  secret: Uint8Array,
  options: { ttlSeconds: number; issuer?: string; audience?: string },
): Promise<string> {
  let jwt = new SignJWT({ role: viewer.role, region: viewer.regionCode, ...(viewer.name ? { name: viewer.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(viewer.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(secret);
}
