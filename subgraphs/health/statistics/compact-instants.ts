/**
 * Instants as 5 bytes each instead of 8: milliseconds after a base, split in
 * a 4-byte low part and a 1-byte high part, which covers 2^40 ms (~34
 * years: any history window) at millisecond precision (the edges of every
 * "≤ T" / "> T" are a millisecond apart). The few instants before the base
 * (a latest sample before the window) are kept exactly, aside. A district's
 * 10.9 million samples have two instants each: 109 MB this way, 174 MB as
 * Float64. (4 bytes alone cover only 49.7 days, less than the window.)
 */
/** High parts that are markers, not offsets: +Infinity (an open end, a result not in yet), and "kept aside". */
const NEVER = 0xff;
const ASIDE = 0xfe;
const LOW = 2 ** 32;
/** Offsets from 0 up to this are stored in place. */
const IN_PLACE = ASIDE * LOW;

export class CompactInstants {
  private readonly low: Uint32Array;
  private readonly high: Uint8Array;
  private readonly aside = new Map<number, number>();

  constructor(
    readonly base: number,
    length: number,
  ) {
    this.low = new Uint32Array(length);
    this.high = new Uint8Array(length);
  }

  set(i: number, ms: number): void {
    const offset = ms - this.base;
    // A slot written again (runs are sorted in place) leaves nothing aside behind.
    if (this.aside.size > 0 && this.high[i] === ASIDE) this.aside.delete(i);
    if (offset >= 0 && offset < IN_PLACE) {
      this.high[i] = Math.floor(offset / LOW);
      this.low[i] = offset % LOW;
    } else if (ms === Infinity) this.high[i] = NEVER;
    else {
      this.high[i] = ASIDE;
      this.aside.set(i, ms);
    }
  }

  get(i: number): number {
    const high = this.high[i]!;
    return high < ASIDE ? this.base + high * LOW + this.low[i]! : high === NEVER ? Infinity : this.aside.get(i)!;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.low.byteLength + this.high.byteLength + this.aside.size * 16;
  }
}
