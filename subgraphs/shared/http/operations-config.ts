/**
 * How a serving process behaves towards its operators and its neighbours: how long it waits for a subgraph, when it
 * stops asking one that keeps failing, how long a shutdown may drain, how much it logs. Read from the environment
 * beside config.ts (which holds what the platform computes with); every problem reported together, as there.
 */
import { ConfigError } from '../config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface OperationsConfig {
  /** A subgraph fetch slower than this is abandoned: SUBGRAPH_UNAVAILABLE, the rest of the answer still comes (SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs: number;
  /** Consecutive failed fetches that open a subgraph's circuit breaker (SUBGRAPH_BREAKER_FAILURES). */
  breakerFailures: number;
  /** While open, how often the breaker probes the subgraph's /health; the first answer closes it (SUBGRAPH_BREAKER_PROBE_MS). */
  breakerProbeMs: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take before their connections are closed (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** pino level (LOG_LEVEL); tests (NODE_ENV=test) default to warn, everything else to info. */
  logLevel: LogLevel;
  /** Where traces are exported over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT, spans to `<it>/v1/traces`); none when unset. */
  otlpEndpoint?: string;
}

export const DEFAULT_OPERATIONS: Omit<OperationsConfig, 'logLevel' | 'otlpEndpoint'> = {
  subgraphTimeoutMs: 5_000,
  breakerFailures: 3,
  breakerProbeMs: 1_000,
  shutdownGraceMs: 10_000,
};

type Env = Record<string, string | undefined>;

export function readOperationsConfig(env: Env = process.env): OperationsConfig {
  const problems: string[] = [];
  const integer = (key: string, fallback: number) => {
    const raw = env[key]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1) return value;
    problems.push(`${key} must be a whole number of at least 1 (got "${raw}")`);
    return fallback;
  };
  const config: OperationsConfig = {
    subgraphTimeoutMs: integer('SUBGRAPH_TIMEOUT_MS', DEFAULT_OPERATIONS.subgraphTimeoutMs),
    breakerFailures: integer('SUBGRAPH_BREAKER_FAILURES', DEFAULT_OPERATIONS.breakerFailures),
    breakerProbeMs: integer('SUBGRAPH_BREAKER_PROBE_MS', DEFAULT_OPERATIONS.breakerProbeMs),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', DEFAULT_OPERATIONS.shutdownGraceMs),
    logLevel: (env.LOG_LEVEL?.trim() || (env.NODE_ENV === 'test' ? 'warn' : 'info')) as LogLevel,
  };
  const otlpEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (otlpEndpoint) {
    if (/^https?:\/\/[^/]/.test(otlpEndpoint)) config.otlpEndpoint = otlpEndpoint;
    else problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (got "${otlpEndpoint}")`);
  }
  if (!LOG_LEVELS.includes(config.logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${config.logLevel}")`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
