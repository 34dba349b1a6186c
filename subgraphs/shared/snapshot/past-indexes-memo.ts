/**
 * Region indexes already computed for past instants, kept while they stay
 * exact: a past instant's answer changes only when facts about instants at or
 * before it are written late (a lab result dated yesterday), so a write that
 * changes facts from instant E drops the answers for instants ≥ E and keeps
 * the rest. A daily curve asked again, or a dashboard's past instant opened by
 * several officers, is then a lookup. Bounded: the least recently used
 * answers go first.
 */
export class PastIndexesMemo<V> {
  /** `${instant}|${code}` → answer, in least-recently-used order. */
  private readonly entries = new Map<string, { at: number; value: V }>();
  private changes = 0;

  constructor(private readonly capacity: number) {}

  /** Bumped by every change: an answer computed across a change is not kept (it may mix both sides). */
  get version(): number {
    return this.changes;
  }

  /** Facts changed from instant `from` on (−Infinity: anywhere, e.g. everything read again). */
  changed(from: number): void {
    this.changes++;
    for (const [key, entry] of this.entries) if (entry.at >= from) this.entries.delete(key);
  }

  get(at: Date, code: string): V | undefined {
    const key = `${at.getTime()}|${code}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps an answer computed when the memo was at `version`, unless facts changed since. */
  set(at: Date, code: string, value: V, version: number): void {
    if (version !== this.changes) return;
    this.entries.set(`${at.getTime()}|${code}`, { at: at.getTime(), value });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(key);
    }
  }
}
