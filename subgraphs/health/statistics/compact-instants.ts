/**
 * Instants as 4 bytes each instead of 8: milliseconds after a base, which
 * covers ~49 days (the history's window and then some); the few instants
 * outside it (a planned end months ahead) are kept exactly, aside. A
 * district's 10.9 million samples have two instants each: 87 MB this way,
 * 174 MB as Float64.
 */
/** A value meaning +Infinity (an open end, a result not in yet). */
const NEVER = 0xffffffff;
/** A value meaning "kept aside". */
const ASIDE = 0xfffffffe;

export class CompactInstants {
  readonly values: Uint32Array;
  private readonly aside = new Map<number, number>();

  constructor(
    readonly base: number,
    length: number,
  ) {
    this.values = new Uint32Array(length);
  }

  set(i: number, ms: number): void {
    const offset = ms - this.base;
    // A slot written again (runs are sorted in place) leaves nothing aside behind.
    if (this.aside.size > 0 && this.values[i] === ASIDE) this.aside.delete(i);
    if (offset >= 0 && offset < ASIDE) this.values[i] = offset;
    else if (ms === Infinity) this.values[i] = NEVER;
    else {
      this.values[i] = ASIDE;
      this.aside.set(i, ms);
    }
  }

  get(i: number): number {
    const value = this.values[i]!;
    return value < ASIDE ? this.base + value : value === NEVER ? Infinity : this.aside.get(i)!;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.values.byteLength + this.aside.size * 16;
  }
}
