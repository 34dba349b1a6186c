/**
 * A serving process's end on SIGTERM (an orchestrator) or SIGINT (Ctrl-C): `stop` drains (stops accepting, finishes
 * the requests in flight, stops consumers after their batch, closes pools), then the process exits 0; 1 if stopping
 * failed. A second signal while draining is logged and ignored: the drain is bounded by SHUTDOWN_GRACE_MS anyway.
 */
import type { Logger } from 'pino';

export function onShutdownSignal(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    const started = performance.now();
    log.info({ signal }, 'shutting down: finishing requests in flight');
    stop().then(
      () => {
        log.info({ durationMs: Math.round(performance.now() - started) }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
