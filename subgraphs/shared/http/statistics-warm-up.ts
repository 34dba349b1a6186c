/**
 * No cold waits: once a process listens, each of its subgraphs reads its statistics (present snapshot, history) in
 * the background, so the first dashboard finds them read, or joins the read in progress instead of starting one.
 * Until every one has been read once, /ready answers 503 with `statistics` failing ("warming: health, …"): a load
 * balancer sends dashboards elsewhere meanwhile, while this process already answers whatever does not need them.
 * A read that fails (the database away at start) is tried again every few seconds until it succeeds or the process
 * stops.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Subgraph } from '../subgraph.js';
import { statisticsWarmUpSeconds } from './metrics.js';
import type { ReadinessCheck } from './readiness.js';

const RETRY_MS = 5_000;

type WarmState = { status: 'warming' } | { status: 'failed'; error: string } | { status: 'ready' };

export class StatisticsWarmUp {
  private readonly states = new Map<string, WarmState>();
  private readonly stopping = new AbortController();

  /** From here on /ready waits for these subgraphs' statistics (those that have any), even before `start`. */
  constructor(
    private readonly subgraphs: readonly Pick<Subgraph, 'name' | 'warm'>[],
    private readonly log: Logger,
  ) {
    for (const subgraph of subgraphs) if (subgraph.warm) this.states.set(subgraph.name, { status: 'warming' });
  }

  /** Reads every subgraph's statistics; resolves when all are read (or the warm-up is stopped). */
  async start(): Promise<void> {
    const started = performance.now();
    const warming = this.subgraphs.filter((subgraph) => subgraph.warm);
    await Promise.all(warming.map((subgraph) => this.warm(subgraph.name, () => subgraph.warm!())));
    if (warming.length > 0 && !this.stopping.signal.aborted) {
      const seconds = secondsSince(started);
      const sinceProcessStart = Math.round(process.uptime() * 1000) / 1000;
      this.log.info({ seconds, sinceProcessStart }, `Statistics warm: all read in ${seconds.toFixed(1)} s (${sinceProcessStart.toFixed(1)} s after the process started)`);
    }
  }

  /** `statistics`: every subgraph's statistics have been read once. */
  readinessCheck(): ReadinessCheck {
    return {
      name: 'statistics',
      run: async () => {
        const waiting = [...this.states].filter(([, state]) => state.status !== 'ready');
        if (waiting.length === 0) return;
        const failed = waiting.flatMap(([name, state]) => (state.status === 'failed' ? [`${name}: ${state.error}`] : []));
        const warming = waiting.filter(([, state]) => state.status === 'warming').map(([name]) => name);
        throw new Error([warming.length > 0 ? `warming: ${warming.join(', ')}` : '', failed.length > 0 ? `failed, trying again: ${failed.join('; ')}` : ''].filter(Boolean).join('; '));
      },
    };
  }

  /** Stops trying again (shutdown); a read in progress ends with the database. */
  stop(): void {
    this.stopping.abort();
  }

  private async warm(name: string, read: () => Promise<void>): Promise<void> {
    const started = performance.now();
    while (!this.stopping.signal.aborted) {
      try {
        await read();
        const seconds = secondsSince(started);
        this.states.set(name, { status: 'ready' });
        statisticsWarmUpSeconds.set({ subgraph: name }, seconds);
        this.log.info({ subgraph: name, seconds }, `${name} statistics read in ${seconds.toFixed(1)} s`);
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        this.states.set(name, { status: 'failed', error: message });
        this.log.warn({ subgraph: name, err: error }, `${name} statistics could not be read; trying again in ${RETRY_MS / 1000} s`);
        await sleep(RETRY_MS, undefined, { signal: this.stopping.signal }).catch(() => {});
      }
    }
  }
}

/** Seconds since `started` (performance.now()), to the millisecond. */
function secondsSince(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
