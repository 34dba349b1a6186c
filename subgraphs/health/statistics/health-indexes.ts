/**
 * The 21 health indexes of regions, from per-resident facts held as typed
 * columns (a district is 1.27 million residents: objects would cost a
 * gigabyte, columns cost ~50 MB). Evaluating at T counts what does not move
 * with T once per community, and what does by binary searches in values
 * sorted per community: a district's 12 regions in about a millisecond. At H
 * itself (a past instant's columns) one pass over the rows counts them
 * instead: cheaper than sorting for a single evaluation.
 *
 * The columns are filled from the facts holding at an instant H
 * (healthFactsAt); `indexesAt(T)` gives the indexes at any T ≥ H at which no
 * fact has started or stopped holding since H (see shared/snapshot): the only
 * things that move with T alone are the sampling windows, the calendar day,
 * ages, and a GREEN code turning YELLOW at its `turnsYellowAt`. Each
 * resident's code at H comes from the health-code rules themselves, so a code
 * shown on a profile and a code counted here cannot disagree (the history
 * path, addRow, asks the rules once per kind of resident with no special
 * facts: health-row.ts). `peopleAt` names the residents behind an index from
 * the same columns, row by row, so a drill-down list's total is its index.
 * Pure: no I/O.
 */
import { shanghaiDate } from '../../shared/time.js';
import { CommunityGroups } from '../../shared/snapshot/community-segments.js';
import { ResidentRows } from '../../shared/snapshot/resident-rows.js';
import { bornByForAge, CommunityIndex, sumByRegion, regionsOf } from '../../shared/snapshot/region-sums.js';
import type { ResidentHealthFacts } from '../health-code/health-facts.queries.js';
import { healthCodeAt, VENUE_EXPOSURE_WINDOW_HOURS, type CodeColor, type HealthFacts, type HealthRules } from '../health-code/rules.js';
import { HealthCodeReason, type VaccinationLevel } from '../../shared/health-vocabulary.js';
import { primarySeriesDoses } from '../vaccination/vaccination.rules.js';
import { groupedPeople, type CommunityPeople, type PeopleColumns } from '../../shared/snapshot/index-people.js';
import { HealthIndex, type HealthIndexes } from './health-indexes.type.js';
import { PlainCodes, REASON_BIT, rowCodeOf, rowFactsOf, type RowCode, type RowFacts } from './health-row.js';

const HOUR = 3600_000;
const [GREEN, YELLOW, RED] = [0, 1, 2];
/** flags of a row whose resident has left the district. */
const GONE = 0xff;
/** Bits of flags: facts at H that do not move with T. */
const FLAG = { exempt: 1, pending: 2, poolPending: 4, observation: 8 } as const;
/** Vaccination status at H: none, started, primary series complete, boosted. */
const [UNVACCINATED, STARTED, FULL, BOOSTED] = [0, 1, 2, 3];
/** The `vaccination` column's value of each level. */
const LEVEL_VALUE: Record<VaccinationLevel, number> = { UNVACCINATED, PARTIALLY_VACCINATED: STARTED, FULLY_VACCINATED: FULL, BOOSTED };

/** What resident search may ask of the health code and vaccination (any given criterion must hold). */
export interface HealthCriteria {
  /** The code's colour is one of these. */
  colors: readonly CodeColor[] | null;
  /** The code gives this reason. */
  reason: HealthCodeReason | null;
  /** The resident's vaccination level is one of these. */
  vaccination: readonly VaccinationLevel[] | null;
}

// Tally slots per community.
const T = {
  residents: 0, sampledToday: 1, within24h: 2, within48h: 3, within72h: 4, nonExempt: 5, nonExemptWithin72h: 6,
  pending: 7, positiveToday: 8, poolPending: 9, exempt: 10, firstDose: 11, full: 12, boosted: 13,
  elderly60: 14, elderly60Full: 15, elderly80Unvaccinated: 16, green: 17, yellow: 18, red: 19, observation: 20, abnormal24h: 21,
} as const;
const WIDTH = 22;

const bit = (slot: number) => 1 << slot;
const bits = (...slots: number[]) => slots.reduce((mask, slot) => mask | bit(slot), 0);
/** Groups of tally slots rowBits works out together (a list reads one or two slots: only their group is worked out). */
const SAMPLING = bits(T.sampledToday, T.within24h, T.within48h, T.within72h, T.nonExempt, T.nonExemptWithin72h, T.exempt);
const VACCINATION = bits(T.firstDose, T.full, T.boosted, T.elderly60, T.elderly60Full, T.elderly80Unvaccinated);
const CODE = bits(T.green, T.yellow, T.red);
const EVERY_SLOT = 2 ** WIDTH - 1;

/** An index's list: the tally slots it reads (rowBits) and whether they put a row in it. */
interface Membership {
  reads: number;
  counts: (bits: number) => boolean;
}
const inSlot = (slot: number): Membership => ({ reads: bit(slot), counts: (bits) => (bits & bit(slot)) !== 0 });
const MEMBERSHIP: Record<HealthIndex, Membership> = {
  [HealthIndex.SAMPLED_TODAY]: inSlot(T.sampledToday),
  [HealthIndex.WITHIN_24H]: inSlot(T.within24h),
  [HealthIndex.WITHIN_48H]: inSlot(T.within48h),
  [HealthIndex.WITHIN_72H]: inSlot(T.within72h),
  // untested72h counts nonExempt − nonExemptWithin72h.
  [HealthIndex.UNTESTED_72H]: {
    reads: bits(T.nonExempt, T.nonExemptWithin72h),
    counts: (bits) => (bits & (bit(T.nonExempt) | bit(T.nonExemptWithin72h))) === bit(T.nonExempt),
  },
  [HealthIndex.PENDING_RESULTS]: inSlot(T.pending),
  [HealthIndex.POSITIVE_TODAY]: inSlot(T.positiveToday),
  [HealthIndex.POOL_POSITIVE_PENDING_RETEST]: inSlot(T.poolPending),
  [HealthIndex.EXEMPT]: inSlot(T.exempt),
  [HealthIndex.FIRST_DOSE]: inSlot(T.firstDose),
  [HealthIndex.FULLY_VACCINATED]: inSlot(T.full),
  [HealthIndex.BOOSTED]: inSlot(T.boosted),
  [HealthIndex.ELDERLY_80_PLUS_UNVACCINATED]: inSlot(T.elderly80Unvaccinated),
  [HealthIndex.GREEN]: inSlot(T.green),
  [HealthIndex.YELLOW]: inSlot(T.yellow),
  [HealthIndex.RED]: inSlot(T.red),
  [HealthIndex.HOME_OBSERVATION_ACTIVE]: inSlot(T.observation),
  [HealthIndex.ABNORMAL_SCANS_24H]: inSlot(T.abnormal24h),
};

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const exposureKey = (scans: readonly Date[]) => scans.map((scan) => scan.getTime()).join(',');
const NO_SCANS: readonly Date[] = [];

/** The first instant of the calendar day (Asia/Shanghai) of `instant`. */
const dayStartOf = (instant: Date) => Date.parse(`${shanghaiDate(instant)}T00:00:00+08:00`);

/** What the indexes at an instant compare the rows with. */
interface InstantOf {
  t: number;
  /** The first instant of its calendar day (Asia/Shanghai). */
  dayStart: number;
  /** Born on or before these (YYYYMMDD): 60 and 80 or older on its day. */
  bornBy60: number;
  bornBy80: number;
}

function instantOf(instant: Date): InstantOf {
  const today = shanghaiDate(instant);
  return { t: instant.getTime(), dayStart: dayStartOf(instant), bornBy60: bornByForAge(today, 60), bornBy80: bornByForAge(today, 80) };
}

export class HealthIndexColumns implements PeopleColumns<HealthIndex> {
  private readonly communities = new CommunityIndex();
  private readonly rows: ResidentRows<ReturnType<typeof makeColumns>>;
  /** Instants after H at which one resident's facts change by themselves (a quarantine's planned end, an exposure lapsing), ascending from `nextDue` once sorted. */
  private due: { at: number; residentId: number }[] = [];
  private nextDue = 0;
  /** Whether `due` was added to since it was last sorted (sorted when next read: rows add theirs one by one). */
  private dueAdded = false;
  /** The venue exposures each row was computed with (residents with none are absent). */
  private readonly exposures = new Map<number, string>();
  /** The codes at H of residents without facts that need the rules whole, asked of the rules once (see addRow). */
  private plainCodes: PlainCodes | null = null;
  /** The rows grouped per community (null: rows changed since). */
  private groupsCache: CommunityGroups | null = null;
  /** The rows counted and sorted per community, for instants after H (null: rows changed since). */
  private segmentsCache: ReturnType<HealthIndexColumns['seal']> | null = null;

  constructor(
    readonly at: Date,
    private readonly rules: HealthRules,
    expected = 1024,
    maxResidentId = 0,
  ) {
    this.rows = new ResidentRows(makeColumns, expected, maxResidentId);
  }

  /** Adds residents living in the district at H, with their facts at H. */
  add(residents: readonly ResidentHealthFacts[]): void {
    for (const resident of residents) {
      if (resident.communityCode !== null) this.writeResident(this.rows.rowFor(resident.residentId), resident, this.at);
    }
  }

  /**
   * Adds one resident living in the district at H, from its facts as primitives (the history path: no objects
   * per resident). `facts` are what the health-code rules take, or null when the resident has none of the facts
   * that need them whole (no positive pool or venue exposure at H): most residents, whose code then depends on
   * `row` alone (see PlainCodes).
   */
  addRow(row: RowFacts, facts: HealthFacts | null): void {
    const code = facts ? rowCodeOf(healthCodeAt(facts, this.at, this.rules)) : (this.plainCodes ??= new PlainCodes(this.at, this.rules)).codeOf(row);
    this.write(this.rows.rowFor(row.residentId), row, code, facts?.exposureScans ?? NO_SCANS, this.at);
  }

  /** When one resident's facts change next by themselves: later instants join `due` (see `dueResidents`). */
  addDue(changes: readonly { at: number; residentId: number }[]): void {
    for (const change of changes) this.due.push(change);
    this.dueAdded ||= changes.length > 0;
  }

  /** When the next resident's facts change by themselves (Infinity: none is due). */
  nextDueAt(): number {
    return this.sortedDue()[this.nextDue]?.at ?? Infinity;
  }

  /** `due` without the entries handed out, ascending. */
  private sortedDue(): { at: number; residentId: number }[] {
    if (this.dueAdded) {
      this.due = this.due.slice(this.nextDue).sort((a, b) => a.at - b.at);
      [this.nextDue, this.dueAdded] = [0, false];
    }
    return this.due;
  }

  /**
   * Residents whose venue exposures (all of the district's, as just gathered) differ from those their row was
   * computed with: someone else's positive result or scan changes them, not a write about them.
   */
  exposuresChanged(exposures: ReadonlyMap<number, readonly Date[]>): number[] {
    const changed = new Set<number>();
    for (const [id, scans] of exposures) if (scans.length > 0 && this.exposures.get(id) !== exposureKey(scans)) changed.add(id);
    for (const id of this.exposures.keys()) if (!exposures.get(id)?.length) changed.add(id);
    return [...changed];
  }

  /** Residents whose facts changed by themselves at or before `now` (each handed out once). */
  dueResidents(now: Date): number[] {
    const ids = new Set<number>();
    const due = this.sortedDue();
    while (this.nextDue < due.length && due[this.nextDue]!.at <= now.getTime()) ids.add(due[this.nextDue++]!.residentId);
    return [...ids];
  }

  /** Replaces these residents' rows with their facts at `at` (≥ H); a resident no longer living in the district leaves. */
  replace(residentIds: readonly number[], facts: readonly ResidentHealthFacts[], at: Date): void {
    const byId = new Map(facts.map((resident) => [resident.residentId, resident]));
    for (const id of residentIds) {
      const resident = byId.get(id);
      if (resident?.communityCode) this.writeResident(this.rows.rowFor(id), resident, at);
      else if (this.rows.rowOfResident(id) >= 0) {
        this.rows.columns.flags[this.rows.rowOfResident(id)] = GONE;
        this.segmentsCache = null;
      }
    }
  }

  private writeResident(i: number, resident: ResidentHealthFacts, at: Date): void {
    this.write(i, rowFactsOf(resident), rowCodeOf(healthCodeAt(resident.facts, at, this.rules)), resident.facts.exposureScans, at);
  }

  private write(i: number, row: RowFacts, code: RowCode, exposureScans: readonly Date[], at: Date): void {
    this.groupsCache = null;
    this.segmentsCache = null;
    const c = this.rows.columns;
    const series = row.firstDoseProduct ? primarySeriesDoses(row.firstDoseProduct) : null;
    c.residentId[i] = row.residentId;
    c.community[i] = this.communities.indexOf(row.communityCode);
    c.birth[i] = row.birth;
    c.lastSampled[i] = row.lastSampledAt;
    c.lastPositive[i] = row.lastIndividualPositiveAt;
    c.lastAbnormal[i] = row.lastAbnormalScanAt;
    c.turnsYellowAt[i] = code.turnsYellowAt;
    c.color[i] = code.color;
    c.reasons[i] = code.reasons;
    c.flags[i] =
      (row.exempt ? FLAG.exempt : 0) |
      (row.latestResultPending ? FLAG.pending : 0) |
      (code.reasons & REASON_BIT.POOL_POSITIVE_PENDING_RETEST ? FLAG.poolPending : 0) |
      (row.underObservation ? FLAG.observation : 0);
    c.vaccination[i] =
      row.doses === 0 || series === null ? (row.doses > 0 ? STARTED : UNVACCINATED)
      : row.doses > series ? BOOSTED
      : row.doses === series ? FULL
      : STARTED;
    if (exposureScans.length > 0) this.noteExposures(row.residentId, exposureScans, at);
    else if (this.exposures.size > 0) this.exposures.delete(row.residentId);
  }

  // Apart from write: closures there would make every call allocate a context for the variables they capture.
  private noteExposures(residentId: number, exposureScans: readonly Date[], at: Date): void {
    this.exposures.set(residentId, exposureKey(exposureScans));
    // An exposure counted now stops counting 7 days after its scan: the code may change then.
    const lapses = exposureScans.map((scan) => scan.getTime() + VENUE_EXPOSURE_WINDOW_HOURS * HOUR).filter((end) => end > at.getTime());
    if (lapses.length > 0) this.addDue(lapses.map((end) => ({ at: end, residentId })));
  }

  /**
   * The indexes of each region (codes of any level) at `instant` (≥ H, before any fact's next change). At H
   * itself (columns gathered for a past instant are evaluated there, once or a few times) a pass over the rows
   * counts them (rowBits); after H (a present snapshot, evaluated at every request) binary searches in the rows
   * sorted per community count them, in about a millisecond once sorted.
   */
  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, HealthIndexes> {
    if (instant.getTime() < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const at = instantOf(instant);
    const tallies = at.t === this.at.getTime() ? this.rowTallies(at) : this.segmentTallies(at);
    const result = new Map<string, HealthIndexes>();
    for (const [code, s] of sumByRegion(tallies, WIDTH, this.communities.codes, regionCodes)) {
      result.set(code, {
        testing: {
          sampledToday: s[T.sampledToday]!,
          within24h: s[T.within24h]!,
          within48h: s[T.within48h]!,
          within72h: s[T.within72h]!,
          untested72h: s[T.nonExempt]! - s[T.nonExemptWithin72h]!,
          coverage72h: ratio(s[T.nonExemptWithin72h]!, s[T.nonExempt]!),
          pendingResults: s[T.pending]!,
          positiveToday: s[T.positiveToday]!,
          poolPositivePendingRetest: s[T.poolPending]!,
          exempt: s[T.exempt]!,
        },
        vaccination: {
          firstDose: s[T.firstDose]!,
          fullyVaccinated: s[T.full]!,
          boosted: s[T.boosted]!,
          coverage: ratio(s[T.full]!, s[T.residents]!),
          elderly60PlusFullyVaccinatedRate: ratio(s[T.elderly60Full]!, s[T.elderly60]!),
          elderly80PlusUnvaccinated: s[T.elderly80Unvaccinated]!,
        },
        healthCodes: { green: s[T.green]!, yellow: s[T.yellow]!, red: s[T.red]! },
        homeObservation: { active: s[T.observation]! },
        venues: { abnormalScans24h: s[T.abnormal24h]! },
      });
    }
    return result;
  }

  /** Per community, each tally slot's count at `at`, from one pass over the rows. */
  private rowTallies(at: InstantOf): Float64Array {
    const tallies = new Float64Array(this.communities.codes.length * WIDTH);
    const community = this.rows.columns.community;
    for (let i = 0; i < this.rows.size; i++) {
      const base = community[i]! * WIDTH;
      for (let bits = this.rowBits(i, at); bits !== 0; bits &= bits - 1) tallies[base + 31 - Math.clz32(bits & -bits)]!++;
    }
    return tallies;
  }

  /** Per community, each tally slot's count at `at`, from the sorted rows. */
  private segmentTallies({ t, dayStart, bornBy60, bornBy80 }: InstantOf): Float64Array {
    const sealed = (this.segmentsCache ??= this.seal());
    const tallies = new Float64Array(this.communities.codes.length * WIDTH);
    for (let c = 0; c < this.communities.codes.length; c++) {
      const base = c * WIDTH;
      for (const [slot, counts] of sealed.constant) tallies[base + slot] = counts[c]!;
      tallies[base + T.sampledToday] = sealed.lastSampled.atLeast(c, dayStart);
      tallies[base + T.within24h] = sealed.lastSampled.above(c, t - 24 * HOUR);
      tallies[base + T.within48h] = sealed.lastSampled.above(c, t - 48 * HOUR);
      tallies[base + T.within72h] = sealed.lastSampled.above(c, t - 72 * HOUR);
      tallies[base + T.nonExemptWithin72h] = sealed.nonExemptSampled.above(c, t - 72 * HOUR);
      tallies[base + T.positiveToday] = sealed.lastPositive.atLeast(c, dayStart);
      tallies[base + T.abnormal24h] = sealed.lastAbnormal.above(c, t - 24 * HOUR);
      tallies[base + T.elderly60] = sealed.birth.atMost(c, bornBy60);
      tallies[base + T.elderly60Full] = sealed.birthFull.atMost(c, bornBy60);
      tallies[base + T.elderly80Unvaccinated] = sealed.birthUnvaccinated.atMost(c, bornBy80);
      // Without new facts a code changes on its own only one way: GREEN turns YELLOW when the sample ages out.
      const turned = sealed.greenTurnsYellow.atMost(c, t);
      tallies[base + T.green]! -= turned;
      tallies[base + T.yellow]! += turned;
    }
    return tallies;
  }

  /**
   * The tally slots (bits 1 << slot of T) a row counts in at `at`, of those in `reads` (and the groups they are
   * in): the definitions, row by row, that the lists (membership) and the counts at H use, and that the sorted
   * segments count in bulk. 0 for a row that left.
   */
  private rowBits(i: number, at: InstantOf, reads = EVERY_SLOT): number {
    const c = this.rows.columns;
    const flags = c.flags[i]!;
    if (flags === GONE) return 0;
    let counted =
      bit(T.residents) |
      (flags & FLAG.pending ? bit(T.pending) : 0) |
      (flags & FLAG.poolPending ? bit(T.poolPending) : 0) |
      (flags & FLAG.observation ? bit(T.observation) : 0) |
      (c.lastPositive[i]! >= at.dayStart ? bit(T.positiveToday) : 0) |
      (c.lastAbnormal[i]! > at.t - 24 * HOUR ? bit(T.abnormal24h) : 0);
    if (reads & SAMPLING) {
      const sampled = c.lastSampled[i]!;
      const within72h = sampled > at.t - 72 * HOUR;
      counted |=
        (sampled >= at.dayStart ? bit(T.sampledToday) : 0) |
        (sampled > at.t - 24 * HOUR ? bit(T.within24h) : 0) |
        (sampled > at.t - 48 * HOUR ? bit(T.within48h) : 0) |
        (within72h ? bit(T.within72h) : 0) |
        (flags & FLAG.exempt ? bit(T.exempt) : bit(T.nonExempt) | (within72h ? bit(T.nonExemptWithin72h) : 0));
    }
    if (reads & VACCINATION) {
      const vaccination = c.vaccination[i]!;
      const birth = c.birth[i]!;
      counted |=
        (vaccination >= STARTED ? bit(T.firstDose) : 0) |
        (vaccination >= FULL ? bit(T.full) : 0) |
        (vaccination === BOOSTED ? bit(T.boosted) : 0) |
        (birth <= at.bornBy60 ? bit(T.elderly60) | (vaccination >= FULL ? bit(T.elderly60Full) : 0) : 0) |
        (birth <= at.bornBy80 && vaccination === UNVACCINATED ? bit(T.elderly80Unvaccinated) : 0);
    }
    if (reads & CODE) {
      // A GREEN code at H has turned YELLOW by T when its sample has aged out.
      const color = c.color[i] === GREEN && c.turnsYellowAt[i]! <= at.t ? YELLOW : c.color[i];
      counted |= bit(color === GREEN ? T.green : color === YELLOW ? T.yellow : T.red);
    }
    return counted;
  }

  /**
   * The residents `index` counts at `instant` (≥ H) in the region, row by row from the same columns and by the
   * same definitions as indexesAt counts them (a pass over the region's rows), grouped per community in code order.
   */
  peopleAt(index: HealthIndex, instant: Date, regionCode: string): CommunityPeople[] {
    const counts = this.membership(index, instant);
    const c = this.rows.columns;
    return groupedPeople(this.communities, this.groups(), regionCode, (i) => c.flags[i] !== GONE && counts(i), (i) => c.residentId[i]!);
  }

  /** The residents of the region whose code and vaccination at `instant` meet every given criterion (search). */
  residentsMatching(criteria: HealthCriteria, instant: Date, regionCode: string): number[] {
    const c = this.rows.columns;
    const t = instant.getTime();
    const checks: ((i: number) => boolean)[] = [];
    if (criteria.colors) {
      const colors = criteria.colors.map((color) => this.membership(HealthIndex[color], instant));
      checks.push((i) => colors.some((hasColor) => hasColor(i)));
    }
    if (criteria.reason === HealthCodeReason.NO_RECENT_TEST) {
      // As the rules: not exempt, and no sample in (T − interval, T].
      const since = t - this.rules.testIntervalHours * HOUR;
      checks.push((i) => (c.flags[i]! & FLAG.exempt) === 0 && !(c.lastSampled[i]! > since));
    } else if (criteria.reason) {
      const bit = REASON_BIT[criteria.reason];
      checks.push((i) => (c.reasons[i]! & bit) !== 0);
    }
    if (criteria.vaccination) {
      const levels = criteria.vaccination.map((level) => LEVEL_VALUE[level]);
      checks.push((i) => levels.includes(c.vaccination[i]!));
    }
    const counted = (i: number) => c.flags[i] !== GONE && checks.every((check) => check(i));
    return groupedPeople(this.communities, this.groups(), regionCode, counted, (i) => c.residentId[i]!).flatMap((community) => community.residentIds());
  }

  /** Whether a live row counts in `index` at `instant`: what indexesAt counts, one row at a time. */
  private membership(index: HealthIndex, instant: Date): (i: number) => boolean {
    const at = instantOf(instant);
    const { reads, counts } = MEMBERSHIP[index];
    return (i) => counts(this.rowBits(i, at, reads));
  }

  /**
   * The call list's total (the region's residents now living, not exempt, with no sample in the last
   * `withinHours` hours) at `instant` (≥ H), by the same counting as untested72h.
   */
  untestedCount(instant: Date, regionCode: string, withinHours: number): number {
    const sealed = (this.segmentsCache ??= this.seal());
    const since = instant.getTime() - withinHours * HOUR;
    const nonExempt = sealed.constant.find(([slot]) => slot === T.nonExempt)![1];
    let count = 0;
    this.communities.codes.forEach((code, c) => {
      if (code.startsWith(regionCode)) count += nonExempt[c]! - sealed.nonExemptSampled.above(c, since);
    });
    return count;
  }

  /** The rows grouped per community (regrouped after rows change). */
  private groups(): CommunityGroups {
    return (this.groupsCache ??= new CommunityGroups(this.rows.columns.community, this.rows.size, this.communities.codes.length));
  }

  /**
   * What does not move with T, counted per community, and what does, sorted per community (see
   * shared/snapshot/community-segments.ts). Rebuilt after rows change.
   */
  private seal() {
    const c = this.rows.columns;
    const groups = this.groups();
    const live = (i: number) => c.flags[i] !== GONE;
    const has = (i: number, flag: number) => live(i) && (c.flags[i]! & flag) !== 0;
    const constant: [number, Float64Array][] = [
      [T.residents, groups.count(live)],
      [T.exempt, groups.count((i) => has(i, FLAG.exempt))],
      [T.nonExempt, groups.count((i) => live(i) && !has(i, FLAG.exempt))],
      [T.pending, groups.count((i) => has(i, FLAG.pending))],
      [T.poolPending, groups.count((i) => has(i, FLAG.poolPending))],
      [T.observation, groups.count((i) => has(i, FLAG.observation))],
      [T.firstDose, groups.count((i) => live(i) && c.vaccination[i]! >= STARTED)],
      [T.full, groups.count((i) => live(i) && c.vaccination[i]! >= FULL)],
      [T.boosted, groups.count((i) => live(i) && c.vaccination[i] === BOOSTED)],
      [T.green, groups.count((i) => live(i) && c.color[i] === GREEN)],
      [T.yellow, groups.count((i) => live(i) && c.color[i] === YELLOW)],
      [T.red, groups.count((i) => live(i) && c.color[i] === RED)],
    ];
    return {
      constant,
      lastSampled: groups.sorted(c.lastSampled, live),
      nonExemptSampled: groups.sorted(c.lastSampled, (i) => live(i) && !has(i, FLAG.exempt)),
      lastPositive: groups.sorted(c.lastPositive, live),
      lastAbnormal: groups.sorted(c.lastAbnormal, live),
      birth: groups.sorted(c.birth, live),
      birthFull: groups.sorted(c.birth, (i) => live(i) && c.vaccination[i]! >= FULL),
      birthUnvaccinated: groups.sorted(c.birth, (i) => live(i) && c.vaccination[i] === UNVACCINATED),
      greenTurnsYellow: groups.sorted(c.turnsYellowAt, (i) => live(i) && c.color[i] === GREEN),
    };
  }

  /** Every region with residents in the columns. */
  regionCodes(): string[] {
    return regionsOf(this.communities.codes);
  }
}

function makeColumns(capacity: number) {
  return {
    residentId: new Float64Array(capacity),
    community: new Uint16Array(capacity),
    birth: new Int32Array(capacity),
    lastSampled: new Float64Array(capacity),
    lastPositive: new Float64Array(capacity),
    lastAbnormal: new Float64Array(capacity),
    turnsYellowAt: new Float64Array(capacity),
    flags: new Uint8Array(capacity),
    color: new Uint8Array(capacity),
    /** REASON_BIT of the code's reasons at H. */
    reasons: new Uint8Array(capacity),
    vaccination: new Uint8Array(capacity),
  };
}
