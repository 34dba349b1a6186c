/**
 * Population's fact history in memory (shared/snapshot/statistics-history.ts):
 * every residency and tagging that holds at some instant of the window, and
 * each resident's birth date. The columns at an instant T of the window are
 * built from it in JavaScript by the conditions populationColumnsAt gives the
 * database (a residency covering T in the regions, the tags held at T), into
 * the same PopulationIndexColumns, so both paths count by one evaluation.
 * Pure: no I/O.
 *
 * The rows read whole sit in `base`. A reload (writes changed some residents)
 * puts those residents' rows in `overflow` and masks theirs in `base`, so a
 * write costs its residents' rows, not a rebuild; a large overflow is merged
 * into the base.
 */
import { CommunityIndex } from '../../shared/snapshot/region-sums.js';
import { emptyTables, mergedTables, type HistoryTables, type Residencies } from './history-tables.js';
import { PopulationIndexColumns, TYPES, type ResidencyTypeCode } from './population-indexes.js';

/** A residency as read; instants in epoch milliseconds rounded up (see history-tables.ts): a start before the window -Infinity, an open end Infinity. */
export interface ResidencyRow {
  residentId: number;
  start: number;
  end: number;
  communityCode: string;
  householdId: number;
  residencyType: ResidencyTypeCode;
  /** The resident's birth date as YYYYMMDD. */
  birth: number;
}

/** A tagging as read (instants as in ResidencyRow). */
export interface TaggingRow {
  residentId: number;
  tagCode: string;
  /** The tag's category is SPECIAL_CARE. */
  specialCare: boolean;
  from: number;
  until: number;
}

/** Some residents' rows, each list in resident order. */
export interface HistoryRows {
  residencies: readonly ResidencyRow[];
  taggings: readonly TaggingRow[];
}

/**
 * The overflow is merged into the base once it holds more rows than this part of the base: every reload copies the
 * overflow and every merge the base, so each changed row costs a few copies however many reloads come.
 */
const MERGE_OVERFLOW_BEYOND = 1 / 16;
const NO_TAGS: readonly string[] = Object.freeze([]);

export class PopulationHistory {
  private readonly communities = new CommunityIndex();
  private readonly tagCodes: string[] = [];
  private readonly tagIndexes = new Map<string, number>();
  private readonly tagIsSpecialCare: boolean[] = [];
  private base = emptyTables();
  private overflow = emptyTables();
  /** By resident ID: 1 when the resident's rows in `base` were replaced by rows in `overflow`. */
  private replaced: Uint8Array;
  /** By resident ID: the birth date as YYYYMMDD. */
  private births: Int32Array;

  constructor(private maxResidentId: number) {
    this.replaced = new Uint8Array(maxResidentId + 1);
    this.births = new Int32Array(maxResidentId + 1);
  }

  /** Adds the rows of residents after every resident already added (the whole history, read in slices of IDs). */
  append(rows: HistoryRows): void {
    this.write(this.base, rows);
  }

  /** Gives back the room the tables grew ahead of the rows appended (once the whole history is). */
  trim(): void {
    this.base = { residencies: this.base.residencies.trimmed(), taggings: this.base.taggings.trimmed() };
  }

  /** Replaces these residents' rows with `rows` (their history read again); one without rows holds nothing now. */
  replace(residentIds: readonly number[], rows: HistoryRows): void {
    const fresh = emptyTables();
    this.write(fresh, rows);
    const reread = new Set(residentIds);
    this.overflow = mergedTables(this.overflow, (id) => !reread.has(id), fresh);
    for (const id of residentIds) {
      this.ensureResident(id);
      this.replaced[id] = 1;
    }
    const size = (tables: HistoryTables) => tables.residencies.length + tables.taggings.length;
    if (size(this.overflow) > size(this.base) * MERGE_OVERFLOW_BEYOND) {
      this.base = mergedTables(this.base, (id) => this.replaced[id] !== 1, this.overflow);
      this.overflow = emptyTables();
      this.replaced.fill(0);
    }
  }

  /** The columns of the residents living at `at` in any of these regions (codes of any level). */
  columnsAt(regionCodes: readonly string[], at: Date): PopulationIndexColumns {
    const t = at.getTime();
    const wanted = Uint8Array.from(this.communities.codes, (code) => (regionCodes.some((prefix) => code.startsWith(prefix)) ? 1 : 0));
    const parts = [
      { tables: this.base, keep: (id: number) => this.replaced[id] !== 1 },
      { tables: this.overflow, keep: () => true },
    ].map((part) => ({ ...part, rows: this.covering(part.tables.residencies, part.keep, wanted, t) }));
    const columns = new PopulationIndexColumns(at, parts.reduce((sum, part) => sum + part.rows.length, 0), this.maxResidentId);
    for (const part of parts) this.feed(columns, part.tables, part.rows, t);
    return columns;
  }

  /** The residency rows that cover `t` in a wanted community, of residents `keep` keeps, ascending. */
  private covering(residencies: Residencies, keep: (id: number) => boolean, wanted: Uint8Array, t: number): Int32Array {
    const { resident, start, end, community } = residencies.columns;
    const rows = new Int32Array(residencies.length);
    let count = 0;
    for (let i = 0; i < residencies.length; i++) {
      if (start[i]! <= t && t < end[i]! && wanted[community[i]!] === 1 && keep(resident[i]!)) rows[count++] = i;
    }
    return rows.subarray(0, count);
  }

  /** Adds the residents of these residency rows with the tags they hold at `t` (taggings and rows both in resident order). */
  private feed(columns: PopulationIndexColumns, tables: HistoryTables, rows: Int32Array, t: number): void {
    const r = tables.residencies.columns;
    const g = tables.taggings.columns;
    const taggings = tables.taggings.length;
    let next = 0;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      const id = r.resident[row]!;
      while (next < taggings && g.resident[next]! < id) next++;
      let tags = NO_TAGS;
      let specialCare = false;
      for (let j = next; j < taggings && g.resident[j] === id; j++) {
        if (g.from[j]! <= t && t < g.until[j]!) {
          tags = [...tags, this.tagCodes[g.tag[j]!]!];
          specialCare ||= this.tagIsSpecialCare[g.tag[j]!]!;
        }
      }
      columns.put(id, this.communities.codes[r.community[row]!]!, r.household[row]!, r.type[row]!, this.births[id]!, specialCare, tags);
    }
  }

  private write(tables: HistoryTables, rows: HistoryRows): void {
    const r = tables.residencies;
    for (const residency of rows.residencies) {
      const i = r.push();
      r.columns.resident[i] = residency.residentId;
      r.columns.start[i] = residency.start;
      r.columns.end[i] = residency.end;
      r.columns.community[i] = this.communities.indexOf(residency.communityCode);
      r.columns.household[i] = residency.householdId;
      r.columns.type[i] = TYPES.indexOf(residency.residencyType);
      this.ensureResident(residency.residentId);
      this.births[residency.residentId] = residency.birth;
    }
    const g = tables.taggings;
    for (const tagging of rows.taggings) {
      const i = g.push();
      g.columns.resident[i] = tagging.residentId;
      g.columns.tag[i] = this.tagIndex(tagging.tagCode, tagging.specialCare);
      g.columns.from[i] = tagging.from;
      g.columns.until[i] = tagging.until;
    }
  }

  /** The tag's index in `tagCodes`; its category as last read (a change of the catalog reads the history whole). */
  private tagIndex(code: string, specialCare: boolean): number {
    let index = this.tagIndexes.get(code);
    if (index === undefined) {
      index = this.tagCodes.push(code) - 1;
      this.tagIndexes.set(code, index);
    }
    this.tagIsSpecialCare[index] = specialCare;
    return index;
  }

  private ensureResident(id: number): void {
    this.maxResidentId = Math.max(this.maxResidentId, id);
    if (id < this.births.length) return;
    const size = Math.max(id + 1, this.births.length * 2);
    const [births, replaced] = [new Int32Array(size), new Uint8Array(size)];
    births.set(this.births);
    replaced.set(this.replaced);
    [this.births, this.replaced] = [births, replaced];
  }
}
