/**
 * A circuit breaker per subgraph served over HTTP. After `failures` fetches in a row could not reach the subgraph
 * (refused, reset, timed out, answered 502-504), it opens: fetches fail fast with SUBGRAPH_UNAVAILABLE instead of
 * each waiting for a subgraph known to be down, while the breaker probes the subgraph's /health every `probeMs`.
 * The first answer closes it, half-way: one more failure opens it again at once. No restart is needed either way.
 */
import type { Logger } from 'pino';
import { subgraphCircuitOpen } from '../subgraphs/shared/http/metrics.js';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** Pause between probes while open. */
  probeMs: number;
  /** Whether the subgraph answers now. */
  probe: () => Promise<boolean>;
  log: Logger;
}

export class SubgraphBreaker {
  private consecutiveFailures = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly subgraph: string,
    private readonly options: BreakerOptions,
  ) {
    subgraphCircuitOpen.set({ subgraph }, 0);
  }

  /** Fetches fail fast while this is true. */
  get isOpen(): boolean {
    return this.probeTimer !== undefined;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
  }

  failed(reason: string): void {
    this.consecutiveFailures++;
    if (this.isOpen || this.stopped || this.consecutiveFailures < this.options.failures) return;
    this.options.log.warn({ subgraph: this.subgraph, reason, failures: this.consecutiveFailures }, 'subgraph unreachable: circuit opened, probing it');
    subgraphCircuitOpen.set({ subgraph: this.subgraph }, 1);
    this.scheduleProbe();
  }

  /** Ends probing (the gateway stops). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
  }

  private scheduleProbe(): void {
    this.probeTimer = setTimeout(async () => {
      const answers = await this.options.probe().catch(() => false);
      if (this.stopped) return;
      if (!answers) return this.scheduleProbe();
      this.probeTimer = undefined;
      // Half-open: the next failure opens the circuit again.
      this.consecutiveFailures = this.options.failures - 1;
      subgraphCircuitOpen.set({ subgraph: this.subgraph }, 0);
      this.options.log.info({ subgraph: this.subgraph }, 'subgraph answers again: circuit closed');
    }, this.options.probeMs);
    this.probeTimer.unref();
  }
}
