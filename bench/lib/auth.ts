/**
 * Authentication for the benchmark's requests: every process the benchmark
 * starts gets the same fixed HS256 secret (BENCH_AUTH_ENV, merged into every
 * child's environment by processes.ts), and the benchmark signs with that
 * same configuration:
 *
 * - a DISTRICT_ADMIN token of the district (310118) in `Authorization: Bearer …`
 *   for our gateway setups ((a) one process, (b) gateway + HTTP subgraphs);
 * - the gateway-signed viewer (`x-platform-viewer`, a 60 s JWT) for what serves
 *   subgraphs directly: the population subgraph alone (d) and Hive Gateway (c),
 *   which forwards the header (bench/hive/gateway.config.mjs, bench/hive/router/gateway.config.mjs).
 *
 * The secret is for loopback benchmark processes only: it guards nothing.
 */
import { readConfig, type AuthConfig } from '../../subgraphs/shared/config.js';
import { VIEWER_HEADER } from '../../subgraphs/shared/auth/internal-viewer.js';
import { authKeys, mintWithConfig } from '../../subgraphs/shared/auth/keys.js';
import type { Viewer } from '../../subgraphs/shared/viewer.js';

/**
 * The auth environment of every child process: a fixed secret (≥ 32 characters), nothing inherited from the
 * shell that would change how tokens are checked (undefined entries are left out of a spawned environment), no
 * rate limit to speak of, and a deadline long enough for the slowest operation measured.
 */
export const BENCH_AUTH_ENV: Record<string, string | undefined> = {
  AUTH_JWT_SECRET: 'bench-only-secret-not-for-production-0123456789',
  AUTH_JWKS_URL: undefined,
  AUTH_ISSUER: undefined,
  AUTH_AUDIENCE: undefined,
  AUTH_INTERNAL_SECRET: undefined,
  // The load phases send thousands of requests a second as one credential: the per-credential limit would measure itself.
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_BURST: '1000000',
  // A past-instant dashboard at district size still takes about a minute (issue 11): measure it, not the deadline.
  REQUEST_TIMEOUT_MS: '600000',
  // Likewise a subgraph's first answer at district size (its statistics read whole): the gateway must not give up on it.
  SUBGRAPH_TIMEOUT_MS: '600000',
};

/** Who the benchmark asks as: the district's administrator sees (and may change) everything the operations read. */
export const BENCH_VIEWER: Viewer = { id: 'bench', role: 'DISTRICT_ADMIN', regionCode: '310118', name: 'Benchmark' };

export type Headers = Record<string, string>;

/**
 * Extra headers of a target's requests. `current()` is synchronous (autocannon builds every request with it);
 * `refresh()` re-signs what expires, to be awaited before a run and between single requests.
 */
export interface HeaderSource {
  current(): Headers;
  refresh(): Promise<void>;
  /** Whether current() changes over time (then a load run asks it per request instead of fixing it at the start). */
  readonly rotating: boolean;
}

/** The viewer header is re-signed this often; ViewerSigner.sign hands out signatures with > 20 s left, so current() always has > 10 s. */
const VIEWER_REFRESH_MS = 10_000;

export interface BenchAuth {
  config: AuthConfig;
  /** `Authorization: Bearer <DISTRICT_ADMIN token>` for the gateway setups. */
  bearer: HeaderSource;
  /** The signed `x-platform-viewer` header for a subgraph served alone, and for Hive Gateway (which forwards it). */
  viewer: HeaderSource;
  /** The raw client token (the index checker takes it). */
  token: string;
  /** Stops the viewer header's refresh timer. */
  close(): void;
}

export async function benchAuth(tokenTtlSeconds: number): Promise<BenchAuth> {
  const config = readConfig({ ...BENCH_AUTH_ENV }).auth;
  const token = await mintWithConfig(config, BENCH_VIEWER, tokenTtlSeconds);
  const keys = await authKeys(config);
  const bearerHeaders = { authorization: `Bearer ${token}` };
  let viewerHeaders: Headers = { [VIEWER_HEADER]: await keys.signer.sign(BENCH_VIEWER) };
  const refreshViewer = async () => {
    viewerHeaders = { [VIEWER_HEADER]: await keys.signer.sign(BENCH_VIEWER) };
  };
  // Between explicit refreshes too (a load run longer than the margin, a slow latency loop): never a stale header.
  const timer = setInterval(() => void refreshViewer().catch(() => {}), VIEWER_REFRESH_MS);
  timer.unref();
  return {
    config,
    token,
    bearer: { current: () => bearerHeaders, refresh: async () => {}, rotating: false },
    viewer: { current: () => viewerHeaders, refresh: refreshViewer, rotating: true },
    close: () => clearInterval(timer),
  };
}
