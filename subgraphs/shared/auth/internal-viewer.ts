/**
 * The viewer between processes (distributed mode): the gateway, having
 * verified the client's token, sends the viewer to a subgraph served alone as
 * a short-lived JWT signed with the internal secret; the subgraph believes
 * nothing else. A subgraph asking another for entities signs the same way.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { Viewer } from '../viewer.js';
import { AuthenticationError, viewerOfClaims } from './tokens.js';

export const VIEWER_HEADER = 'x-platform-viewer';

const ISSUER = 'platform-gateway';
const AUDIENCE = 'platform-subgraphs';
/** Long enough for one request's fetches; a captured header is useless soon after. */
const TTL_SECONDS = 60;
/** A signature is reused while it has this long left, instead of signing every fetch. */
const REUSE_MARGIN_MS = 20_000;

export class ViewerSigner {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly secret: Uint8Array) {}

  async sign(viewer: Viewer): Promise<string> {
    const key = `${viewer.id}\n${viewer.role}\n${viewer.regionCode}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - Date.now() > REUSE_MARGIN_MS) return cached.token;
    const expiresAt = Date.now() + TTL_SECONDS * 1000;
    const token = await new SignJWT({ role: viewer.role, region: viewer.regionCode })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(viewer.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.secret);
    if (this.cache.size > 10_000) this.cache.clear(); // bounded: viewers are people, not requests
    this.cache.set(key, { token, expiresAt });
    return token;
  }

  /** The viewer of a request to a subgraph served alone; throws AuthenticationError without a valid signature. */
  async verify(header: string | undefined): Promise<Viewer> {
    if (!header) throw new AuthenticationError('A subgraph answers only its gateway: send requests to the gateway.');
    try {
      const { payload } = await jwtVerify(header, this.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      return viewerOfClaims(payload);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('The viewer header is not signed by this platform\'s gateway.');
    }
  }
}
