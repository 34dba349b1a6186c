/**
 * The process's structured log: one JSON object a line (pino) on stdout, for a log shipper to index. Requests are
 * logged with their id, operation and duration (request-log.ts); unexpected errors in full, with their stack.
 */
import { pino, type Logger } from 'pino';
import type { ErrorLogger } from '../errors.js';
import { readOperationsConfig } from './operations-config.js';

export const logger: Logger = pino({ level: readOperationsConfig().logLevel, base: { pid: process.pid } });

/** The log of one part of the platform (the gateway, a subgraph): every line says which. */
export function componentLogger(component: string): Logger {
  return logger.child({ component });
}

/** maskUnexpectedError's logger, writing to `log`: the original error in full, with the path it was raised at. */
export function errorLoggerOf(log: Logger): ErrorLogger {
  return { error: (message, err) => log.error({ err }, message) };
}
