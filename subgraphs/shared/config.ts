/**
 * The platform's configuration: read from the environment once, validated with
 * every problem reported together, and exported as one typed object. Nothing
 * else in the code base reads process.env.
 */
import path from 'node:path';

export const SUBGRAPH_NAMES = ['population', 'health', 'permits', 'cases'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DATA_SET_SIZES = ['test', 'demo', 'district'] as const;
export type DataSetSize = (typeof DATA_SET_SIZES)[number];

export interface Config {
  /** Port of the gateway (one-process mode) or of a subgraph served alone. */
  port: number;
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded database (PGlite), used when databaseUrl is absent. */
  dataDir: string;
  /** Data set seeded into an empty database on first start. */
  seedSize: DataSetSize;
  /** Health code rule: hours after the last sample before NO_RECENT_TEST (domain default 168). */
  testIntervalHours: number;
  /**
   * Past instants within this many days are answered from fact history held in memory (STATISTICS_HISTORY_DAYS,
   * default 92: the longest daily curve; 0 turns it off); older ones are read from the database.
   */
  statisticsHistoryDays: number;
  /** Subgraph URLs for distributed mode; a subgraph without one runs in-process. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /**
   * A database per subgraph (distributed mode): the PostgreSQL database of each producer whose outbox this process's
   * consumers read (`<PRODUCER>_DATABASE_URL`); a producer without one is read in this process's own database.
   */
  producerDatabaseUrls: Partial<Record<SubgraphName, string>>;
  /** How client tokens are verified, and the secret that signs the viewer between processes. */
  auth: AuthConfig;
  /** What one request may ask for and how long it may take (checked before anything runs). */
  limits: RequestLimits;
  /** "Did you mean …" in validation errors: only for developers (NODE_ENV=development), as they reveal field names. */
  fieldSuggestions: boolean;
  /** Requests per credential (token sub), checked at the HTTP front after authentication. */
  rateLimits: RateLimits;
}

/** A token bucket: `perMinute` requests a minute on average, up to `burst` at once. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

/**
 * Every credential is limited; partner systems (LAB_PARTNER, PERMIT_BUREAU: machines, and outside the district)
 * more strictly than staff, whose dashboards fire a few requests per view.
 */
export interface RateLimits {
  /** DISTRICT_ADMIN, TOWN_OFFICER, COMMUNITY_WORKER, ANALYST (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST). */
  staff: RateLimit;
  /** LAB_PARTNER, PERMIT_BUREAU (RATE_LIMIT_PARTNER_PER_MINUTE, RATE_LIMIT_PARTNER_BURST). */
  partner: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  staff: { perMinute: 600, burst: 60 },
  partner: { perMinute: 120, burst: 20 },
};

export interface RequestLimits {
  /** Nesting of selections. */
  maxDepth: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Lexical tokens of the document. */
  maxTokens: number;
  /** Directives in one operation. */
  maxDirectives: number;
  /** Estimated work: each field 1, multiplied by the page size (`first`) of every list it is inside. */
  maxCost: number;
  /** Characters of the query text. */
  maxDocumentLength: number;
  /** The deadline of one request: by then it is answered with what is there plus a TIMEOUT error. */
  requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5_000,
  maxDirectives: 50,
  maxCost: 100_000,
  maxDocumentLength: 50_000,
  requestTimeoutMs: 10_000,
};

/**
 * Client tokens are JWTs verified with a shared secret (HS256), with an identity provider's JWKS, or (neither
 * configured: a developer's machine) with a random secret created once in `secretFile`.
 */
export type AuthConfig = (
  | { mode: 'secret'; secret: string }
  | { mode: 'jwks'; jwksUrl: string }
  | { mode: 'development' }
) & {
  /** Where a generated secret is kept: the client secret in development mode, the internal one with JWKS and no AUTH_INTERNAL_SECRET. */
  secretFile: string;
  /** Expected `iss` and `aud` claims (required with JWKS, optional with a secret). */
  issuer?: string;
  audience?: string;
  /** Signs the viewer the gateway sends to subgraphs served alone; derived from the secret when unset. */
  internalSecret?: string;
};

/** Shorter secrets can be brute-forced offline from any token. */
export const MIN_SECRET_LENGTH = 32;

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment. Throws ConfigError listing every problem. */
export function readConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const port = parsePort(env.PORT, 'PORT', 4000, problems);

  const postgresUrl = (key: string) => {
    const url = nonEmpty(env[key]);
    if (url && !/^postgres(ql)?:\/\//.test(url)) problems.push(`${key} must start with postgres:// or postgresql:// (got "${url}")`);
    return url;
  };
  const databaseUrl = postgresUrl('DATABASE_URL');
  const producerDatabaseUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = postgresUrl(`${name.toUpperCase()}_DATABASE_URL`);
    if (url) producerDatabaseUrls[name] = url;
  }

  const dataDir = path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? '.data/pglite');

  const seedSize = (nonEmpty(env.SEED_SIZE) ?? 'demo') as DataSetSize;
  if (!DATA_SET_SIZES.includes(seedSize)) {
    problems.push(`SEED_SIZE must be one of ${DATA_SET_SIZES.join(', ')} (got "${seedSize}")`);
  }

  const testIntervalHours = parsePositiveInteger(env.TEST_INTERVAL_HOURS, 'TEST_INTERVAL_HOURS', 168, problems);
  const statisticsHistoryDays = env.STATISTICS_HISTORY_DAYS === '0' ? 0 : parsePositiveInteger(env.STATISTICS_HISTORY_DAYS, 'STATISTICS_HISTORY_DAYS', 92, problems);

  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const key = `${name.toUpperCase()}_URL`;
    const value = nonEmpty(env[key]);
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      subgraphUrls[name] = value;
    } catch {
      problems.push(`${key} must be an http(s) URL (got "${value}")`);
    }
  }

  const auth = readAuthConfig(env, cwd, problems);

  const limits: RequestLimits = {
    maxDepth: parsePositiveInteger(env.MAX_DEPTH, 'MAX_DEPTH', DEFAULT_LIMITS.maxDepth, problems),
    maxAliases: parsePositiveInteger(env.MAX_ALIASES, 'MAX_ALIASES', DEFAULT_LIMITS.maxAliases, problems),
    maxTokens: parsePositiveInteger(env.MAX_TOKENS, 'MAX_TOKENS', DEFAULT_LIMITS.maxTokens, problems),
    maxDirectives: parsePositiveInteger(env.MAX_DIRECTIVES, 'MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, problems),
    maxCost: parsePositiveInteger(env.MAX_COST, 'MAX_COST', DEFAULT_LIMITS.maxCost, problems),
    maxDocumentLength: parsePositiveInteger(env.MAX_DOCUMENT_LENGTH, 'MAX_DOCUMENT_LENGTH', DEFAULT_LIMITS.maxDocumentLength, problems),
    requestTimeoutMs: parsePositiveInteger(env.REQUEST_TIMEOUT_MS, 'REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs, problems),
  };

  const rateLimits: RateLimits = {
    staff: {
      perMinute: parsePositiveInteger(env.RATE_LIMIT_PER_MINUTE, 'RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMITS.staff.perMinute, problems),
      burst: parsePositiveInteger(env.RATE_LIMIT_BURST, 'RATE_LIMIT_BURST', DEFAULT_RATE_LIMITS.staff.burst, problems),
    },
    partner: {
      perMinute: parsePositiveInteger(env.RATE_LIMIT_PARTNER_PER_MINUTE, 'RATE_LIMIT_PARTNER_PER_MINUTE', DEFAULT_RATE_LIMITS.partner.perMinute, problems),
      burst: parsePositiveInteger(env.RATE_LIMIT_PARTNER_BURST, 'RATE_LIMIT_PARTNER_BURST', DEFAULT_RATE_LIMITS.partner.burst, problems),
    },
  };

  if (problems.length > 0) throw new ConfigError(problems);
  const fieldSuggestions = nonEmpty(env.NODE_ENV) === 'development';
  return { port, databaseUrl, dataDir, seedSize, testIntervalHours, statisticsHistoryDays, subgraphUrls, producerDatabaseUrls, auth, limits, fieldSuggestions, rateLimits };
}

function readAuthConfig(env: Env, cwd: string, problems: string[]): AuthConfig {
  const secret = nonEmpty(env.AUTH_JWT_SECRET);
  const jwksUrl = nonEmpty(env.AUTH_JWKS_URL);
  const issuer = nonEmpty(env.AUTH_ISSUER);
  const audience = nonEmpty(env.AUTH_AUDIENCE);
  const internalSecret = nonEmpty(env.AUTH_INTERNAL_SECRET);
  const secretFile = path.resolve(cwd, nonEmpty(env.AUTH_SECRET_FILE) ?? '.data/auth-secret');
  const common = { issuer, audience, internalSecret, secretFile };
  for (const [key, value] of [['AUTH_JWT_SECRET', secret], ['AUTH_INTERNAL_SECRET', internalSecret]] as const) {
    if (value !== undefined && value.length < MIN_SECRET_LENGTH) problems.push(`${key} must be at least ${MIN_SECRET_LENGTH} characters (got ${value.length})`);
  }
  if (secret && jwksUrl) problems.push('Set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  if (jwksUrl) {
    if (!/^https?:\/\//.test(jwksUrl)) problems.push(`AUTH_JWKS_URL must be an http(s) URL (got "${jwksUrl}")`);
    if (!issuer || !audience) problems.push('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE (tokens of other issuers or audiences must not pass)');
    return { mode: 'jwks', jwksUrl, ...common };
  }
  if (secret) return { mode: 'secret', secret, ...common };
  return { mode: 'development', ...common };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(value: string | undefined, key: string, fallback: number, problems: string[]): number {
  const raw = nonEmpty(value);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${key} must be an integer from 0 to 65535 (got "${raw}")`);
    return fallback;
  }
  return port;
}

function parsePositiveInteger(value: string | undefined, key: string, fallback: number, problems: string[]): number {
  const raw = nonEmpty(value);
  if (raw === undefined) return fallback;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < 1) {
    problems.push(`${key} must be a whole number of at least 1 (got "${raw}")`);
    return fallback;
  }
  return number;
}
