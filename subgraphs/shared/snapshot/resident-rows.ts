/**
 * One row per resident in typed-array columns that grow as residents are
 * added, with the row of any resident ID at hand (a present snapshot re-reads
 * single residents in place).
 */
type Column = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

export class ResidentRows<C extends Record<string, Column>> {
  columns: C;
  size = 0;
  private capacity: number;
  /** Row + 1 of each resident ID (0: no row). */
  private rowOf: Int32Array;

  constructor(
    private readonly make: (capacity: number) => C,
    expected: number,
    maxResidentId: number,
  ) {
    this.capacity = Math.max(16, expected);
    this.columns = make(this.capacity);
    this.rowOf = new Int32Array(maxResidentId + 1);
  }

  /** The resident's row, or -1. */
  rowOfResident(residentId: number): number {
    return residentId < this.rowOf.length ? this.rowOf[residentId]! - 1 : -1;
  }

  /** The resident's row, added at the end when it has none. */
  rowFor(residentId: number): number {
    const existing = this.rowOfResident(residentId);
    if (existing >= 0) return existing;
    if (residentId >= this.rowOf.length) {
      const grown = new Int32Array(Math.max(residentId + 1, this.rowOf.length * 2));
      grown.set(this.rowOf);
      this.rowOf = grown;
    }
    if (this.size === this.capacity) this.grow();
    this.rowOf[residentId] = this.size + 1;
    return this.size++;
  }

  private grow(): void {
    this.capacity *= 2;
    const next = this.make(this.capacity);
    for (const key of Object.keys(next) as (keyof C)[]) (next[key] as Column).set(this.columns[key] as Column);
    this.columns = next;
  }
}
