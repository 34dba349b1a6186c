/**
 * Turns the auth configuration into keys, once at start: the key client
 * tokens are verified with, the internal secret that signs the viewer between
 * processes, and (development mode) the random secret kept in the data folder
 * so that `npm start` and `npm run token` agree across restarts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuthConfig } from '../config.js';
import { ViewerSigner } from './internal-viewer.js';
import { jwksKey, mintToken, type TokenRules } from './tokens.js';

export interface AuthKeys {
  rules: TokenRules;
  signer: ViewerSigner;
  /** The HS256 secret client tokens are signed with, when this platform holds it (secret and development modes). */
  mintingSecret?: Uint8Array;
  development: boolean;
}

const encode = (text: string) => new TextEncoder().encode(text);

const resolved = new WeakMap<AuthConfig, Promise<AuthKeys>>();

/** The keys of a configuration, resolved once however many parts of the process ask. */
export function authKeys(auth: AuthConfig): Promise<AuthKeys> {
  let keys = resolved.get(auth);
  if (!keys) resolved.set(auth, (keys = resolveAuthKeys(auth)));
  return keys;
}

async function resolveAuthKeys(auth: AuthConfig): Promise<AuthKeys> {
  const shared = auth.mode === 'secret' ? auth.secret : auth.mode === 'development' ? await generatedSecret(auth.secretFile) : undefined;
  // The internal secret differs from the client one, so a client token can never pass as a gateway-signed viewer.
  // With JWKS the platform holds no secret: processes on one machine share a generated one (several machines: AUTH_INTERNAL_SECRET).
  const internal = auth.internalSecret ?? derive(shared ?? (await generatedSecret(auth.secretFile)), 'platform internal viewer');
  const rules: TokenRules = {
    key: auth.mode === 'jwks' ? jwksKey(auth.jwksUrl) : { secret: encode(shared!) },
    issuer: auth.issuer,
    audience: auth.audience,
  };
  return { rules, signer: new ViewerSigner(encode(internal)), mintingSecret: shared ? encode(shared) : undefined, development: auth.mode === 'development' };
}

function derive(secret: string, label: string): string {
  return createHmac('sha256', secret).update(label).digest('base64url');
}

/** Reads the secret file, creating it (readable by its owner only) on first use. */
async function generatedSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // 'wx': two processes starting at once must not both write; the loser reads the winner's.
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}

/** A token signed with this platform's own secret (the start's demo token, `npm run token`, the index checker). */
export async function mintWithConfig(auth: AuthConfig, viewer: Parameters<typeof mintToken>[0], ttlSeconds: number): Promise<string> {
  const keys = await authKeys(auth);
  if (!keys.mintingSecret) throw new Error('Tokens come from the identity provider (AUTH_JWKS_URL): this platform holds no secret to sign them with.');
  return mintToken(viewer, keys.mintingSecret, { ttlSeconds, issuer: auth.issuer, audience: auth.audience });
}

/** The district administrator of the demo data (Qingpu), for a developer's first start. */
export const DEMO_ADMIN = { id: 'demo-admin', role: 'DISTRICT_ADMIN', regionCode: '310118', name: 'Demo administrator' } as const;
