import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_LIMITS, DEFAULT_RATE_LIMITS, readConfig } from '../../subgraphs/shared/config.js';

const CWD = path.resolve('/srv/platform');

/** readConfig's ConfigError, failing the test if it did not throw one. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    readConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('readConfig accepted an invalid environment');
}

describe('defaults', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(readConfig({}, CWD)).toEqual({
      port: 4000,
      databaseUrl: undefined,
      dataDir: path.join(CWD, '.data', 'pglite'),
      seedSize: 'demo',
      testIntervalHours: 168,
      statisticsHistoryDays: 92,
      subgraphUrls: {},
      producerDatabaseUrls: {},
      auth: { mode: 'development', secretFile: path.join(CWD, '.data', 'auth-secret'), issuer: undefined, audience: undefined, internalSecret: undefined },
      limits: DEFAULT_LIMITS,
      fieldSuggestions: false,
      rateLimits: DEFAULT_RATE_LIMITS,
    });
  });

  test('rate limits per credential: staff and partners each configurable, partners stricter by default, each a whole number of at least 1', () => {
    expect(DEFAULT_RATE_LIMITS.partner.perMinute).toBeLessThan(DEFAULT_RATE_LIMITS.staff.perMinute);
    expect(readConfig({ RATE_LIMIT_PER_MINUTE: '1200', RATE_LIMIT_BURST: '100', RATE_LIMIT_PARTNER_PER_MINUTE: '30', RATE_LIMIT_PARTNER_BURST: '5' }, CWD).rateLimits).toEqual({
      staff: { perMinute: 1200, burst: 100 },
      partner: { perMinute: 30, burst: 5 },
    });
    expect(readConfig({ RATE_LIMIT_PARTNER_BURST: '3' }, CWD).rateLimits).toEqual({ ...DEFAULT_RATE_LIMITS, partner: { ...DEFAULT_RATE_LIMITS.partner, burst: 3 } });
    const problems = problemsOf({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_BURST: 'lots', RATE_LIMIT_PARTNER_PER_MINUTE: '2.5', RATE_LIMIT_PARTNER_BURST: '-1' });
    expect(problems).toHaveLength(4);
    for (const key of ['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_BURST', 'RATE_LIMIT_PARTNER_PER_MINUTE', 'RATE_LIMIT_PARTNER_BURST']) {
      expect(problems.some((p) => p.startsWith(`${key} must be a whole number`))).toBe(true);
    }
  });

  test('auth: a shared secret of 32+ characters, or a JWKS URL with issuer and audience; never both', () => {
    const secret = 'x'.repeat(32);
    expect(readConfig({ AUTH_JWT_SECRET: secret }, CWD).auth).toMatchObject({ mode: 'secret', secret });
    expect(readConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'platform' }, CWD).auth).toMatchObject({
      mode: 'jwks',
      issuer: 'https://idp.example',
    });
    expect(() => readConfig({ AUTH_JWT_SECRET: 'short' }, CWD)).toThrow(/AUTH_JWT_SECRET must be at least 32 characters/);
    expect(() => readConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks' }, CWD)).toThrow(/needs AUTH_ISSUER and AUTH_AUDIENCE/);
    expect(() => readConfig({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' }, CWD)).toThrow(/not both/);
  });

  test('request limits are configurable, each a whole number of at least 1', () => {
    expect(readConfig({ MAX_DEPTH: '8', REQUEST_TIMEOUT_MS: '2500' }, CWD).limits).toMatchObject({ maxDepth: 8, requestTimeoutMs: 2500, maxCost: DEFAULT_LIMITS.maxCost });
    expect(() => readConfig({ MAX_COST: '0', MAX_ALIASES: 'many' }, CWD)).toThrow(/MAX_ALIASES must be a whole number[\s\S]*MAX_COST must be a whole number/);
  });

  test('field suggestions only for developers', () => {
    expect(readConfig({ NODE_ENV: 'development' }, CWD).fieldSuggestions).toBe(true);
    expect(readConfig({ NODE_ENV: 'production' }, CWD).fieldSuggestions).toBe(false);
  });

  test('TEST_INTERVAL_HOURS sets the health-code interval; it must be a whole number of hours', () => {
    expect(readConfig({ TEST_INTERVAL_HOURS: '72' }, CWD).testIntervalHours).toBe(72);
    for (const bad of ['0', '-5', '1.5', 'week']) {
      expect(() => readConfig({ TEST_INTERVAL_HOURS: bad }, CWD)).toThrow(/TEST_INTERVAL_HOURS must be a whole number/);
    }
  });

  test('blank values count as absent', () => {
    const config = readConfig({ PORT: '  ', DATABASE_URL: '', DATA_DIR: ' ', SEED_SIZE: '', HEALTH_URL: ' ' }, CWD);
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, dataDir: path.join(CWD, '.data/pglite'), seedSize: 'demo' });
    expect(config.subgraphUrls).toEqual({});
  });

  test('the data folder is resolved against the working directory, unless absolute', () => {
    expect(readConfig({ DATA_DIR: 'db' }, CWD).dataDir).toBe(path.join(CWD, 'db'));
    expect(readConfig({ DATA_DIR: '/var/lib/platform' }, CWD).dataDir).toBe(path.resolve('/var/lib/platform'));
  });

  test('readConfig does not depend on process.cwd when cwd is given', () => {
    expect(readConfig({}, '/elsewhere').dataDir).toBe(path.resolve('/elsewhere/.data/pglite'));
  });
});

describe('valid values', () => {
  test('every setting is read', () => {
    expect(
      readConfig(
        {
          PORT: '8080',
          DATABASE_URL: 'postgresql://platform@db:5432/platform',
          SEED_SIZE: 'district',
          POPULATION_URL: 'http://population:4001/graphql',
          CASES_URL: 'https://cases.internal/graphql',
        },
        CWD,
      ),
    ).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://platform@db:5432/platform',
      seedSize: 'district',
      subgraphUrls: { population: 'http://population:4001/graphql', cases: 'https://cases.internal/graphql' },
    });
  });

  test.each(['0', '1', '65535'])('PORT %s is accepted', (port) => {
    expect(readConfig({ PORT: port }, CWD).port).toBe(Number(port));
  });

  test('postgres:// is accepted as well as postgresql://', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://u@h/d' }, CWD).databaseUrl).toBe('postgres://u@h/d');
  });

  test.each(['test', 'demo', 'district'])('SEED_SIZE %s is accepted', (size) => {
    expect(readConfig({ SEED_SIZE: size }, CWD).seedSize).toBe(size);
  });

});

describe('invalid values', () => {
  test.each(['abc', '-1', '65536', '3.5', '80a'])('PORT %s is reported', (port) => {
    const problems = problemsOf({ PORT: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('PORT');
    expect(problems[0]).toContain(port);
  });

  test.each(['mysql://u@h/d', 'localhost:5432', 'http://db'])('DATABASE_URL %s is reported', (url) => {
    expect(problemsOf({ DATABASE_URL: url })).toEqual([expect.stringContaining('DATABASE_URL')]);
  });

  test.each(['huge', 'Demo'])('SEED_SIZE %s is reported', (size) => {
    expect(problemsOf({ SEED_SIZE: size })).toEqual([expect.stringContaining('SEED_SIZE')]);
  });

  test.each(['POPULATION', 'HEALTH', 'PERMITS', 'CASES'])('%s_URL that is not an http(s) URL is reported', (name) => {
    expect(problemsOf({ [`${name}_URL`]: 'not a url' })).toEqual([expect.stringContaining(`${name}_URL`)]);
    expect(problemsOf({ [`${name}_URL`]: 'ftp://host/graphql' })).toEqual([expect.stringContaining(`${name}_URL`)]);
  });

  test('every problem is reported together, in one ConfigError', () => {
    let caught: unknown;
    try {
      readConfig(
        {
          PORT: 'eighty',
          DATABASE_URL: 'mysql://root@db/platform',
          SEED_SIZE: 'enormous',
          HEALTH_URL: 'health:4002',
          PERMITS_URL: 'ftp://permits/graphql',
        },
        CWD,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(5);
    for (const key of ['PORT', 'DATABASE_URL', 'SEED_SIZE', 'HEALTH_URL', 'PERMITS_URL']) {
      expect(error.problems.some((problem) => problem.startsWith(key))).toBe(true);
    }
    // The message lists them all, each with the offending value, so one restart fixes everything.
    for (const value of ['eighty', 'mysql://root@db/platform', 'enormous', 'health:4002', 'ftp://permits/graphql']) {
      expect(error.message).toContain(value);
    }
  });
});
