/**
 * The process's structured log: one JSON object a line (pino) on stdout, for a log shipper to index. Requests are
 * logged with their id, operation and duration (request-log.ts); unexpected errors in full, with their stack.
 */
import { pino, type Logger } from 'pino';
import type { ErrorLogger } from '../errors.js';
import { LOG_LEVELS, readOperationsConfig, type LogLevel } from './operations-config.js';

/** The configured level; a wrong LOG_LEVEL is reported by the process's own readOperationsConfig() at start, with the other problems. */
function level(): LogLevel {
  try {
    return readOperationsConfig().logLevel;
  } catch {
    return LOG_LEVELS.includes(process.env.LOG_LEVEL as LogLevel) ? (process.env.LOG_LEVEL as LogLevel) : 'info';
  }
}

export const logger: Logger = pino({ level: level(), base: { pid: process.pid } });

/** The log of one part of the platform (the gateway, a subgraph): every line says which. */
export function componentLogger(component: string): Logger {
  return logger.child({ component });
}

/** maskUnexpectedError's logger, writing to `log`: the original error in full, with the path it was raised at. */
export function errorLoggerOf(log: Logger): ErrorLogger {
  return { error: (message, err) => log.error({ err }, message) };
}
