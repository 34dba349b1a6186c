/**
 * The 21 health indexes of regions, from per-resident facts held as typed
 * columns (a district is 1.27 million residents: objects would cost a
 * gigabyte, columns cost ~50 MB). Evaluating at T counts what does not move
 * with T once per community, and what does by binary searches in values
 * sorted per community: a district's 12 regions in about a millisecond.
 *
 * The columns are filled from the facts holding at an instant H
 * (healthFactsAt); `indexesAt(T)` gives the indexes at any T ≥ H at which no
 * fact has started or stopped holding since H (see shared/snapshot): the only
 * things that move with T alone are the sampling windows, the calendar day,
 * ages, and a GREEN code turning YELLOW at its `turnsYellowAt`. Each
 * resident's code at H comes from the health-code rules themselves, so a code
 * shown on a profile and a code counted here cannot disagree. `peopleAt`
 * names the residents behind an index from the same columns, row by row, so
 * a drill-down list's total is its index. Pure: no I/O.
 */
import { shanghaiDate } from '../../shared/time.js';
import { CommunityGroups } from '../../shared/snapshot/community-segments.js';
import { ResidentRows } from '../../shared/snapshot/resident-rows.js';
import { bornByForAge, CommunityIndex, dateNumber, sumByRegion, regionsOf } from '../../shared/snapshot/region-sums.js';
import type { HealthRules } from '../health-code/rules.js';
import type { ResidentHealthFacts } from '../health-code/health-facts.queries.js';
import { healthCodeAt, VENUE_EXPOSURE_WINDOW_HOURS, type CodeColor } from '../health-code/rules.js';
import { HealthCodeReason, type VaccinationLevel } from '../../shared/health-vocabulary.js';
import { primarySeriesDoses } from '../vaccination/vaccination.rules.js';
import { groupedPeople, type CommunityPeople, type PeopleColumns } from '../../shared/snapshot/index-people.js';
import { HealthIndex, type HealthIndexes } from './health-indexes.type.js';

const HOUR = 3600_000;
const COLORS: readonly CodeColor[] = ['GREEN', 'YELLOW', 'RED'];
const [GREEN, YELLOW, RED] = [0, 1, 2];
/** flags of a row whose resident has left the district. */
const GONE = 0xff;
/** Bits of flags: facts at H that do not move with T. */
const FLAG = { exempt: 1, pending: 2, poolPending: 4, observation: 8 } as const;
/** Vaccination status at H: none, started, primary series complete, boosted. */
const [UNVACCINATED, STARTED, FULL, BOOSTED] = [0, 1, 2, 3];
/** The `vaccination` column's value of each level. */
const LEVEL_VALUE: Record<VaccinationLevel, number> = { UNVACCINATED, PARTIALLY_VACCINATED: STARTED, FULLY_VACCINATED: FULL, BOOSTED };
/** Bits of `reasons`: the code's reasons at H that do not move with T alone (NO_RECENT_TEST does: it is evaluated at T). */
const REASON_BIT: Record<Exclude<HealthCodeReason, 'NO_RECENT_TEST'>, number> = {
  ACTIVE_CASE: 1,
  POOL_POSITIVE_PENDING_RETEST: 2,
  CLOSE_CONTACT: 4,
  HOME_OBSERVATION: 8,
  VENUE_EXPOSURE: 16,
};

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

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const exposureKey = (scans: readonly Date[]) => scans.map((scan) => scan.getTime()).join(',');

/** The first instant of the calendar day (Asia/Shanghai) of `instant`. */
const dayStartOf = (instant: Date) => Date.parse(`${shanghaiDate(instant)}T00:00:00+08:00`);

export class HealthIndexColumns implements PeopleColumns<HealthIndex> {
  private readonly communities = new CommunityIndex();
  private readonly rows: ResidentRows<ReturnType<typeof makeColumns>>;
  /** Instants after H at which one resident's facts change by themselves (a quarantine's planned end, an exposure lapsing), ascending from `nextDue`. */
  private due: { at: number; residentId: number }[] = [];
  private nextDue = 0;
  /** The venue exposures each row was computed with (residents with none are absent). */
  private readonly exposures = new Map<number, string>();
  /** The rows counted and sorted per community (null: rows changed since). */
  private sealed: ReturnType<HealthIndexColumns['seal']> | null = null;

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
      if (resident.communityCode !== null) this.write(this.rows.rowFor(resident.residentId), resident, this.at);
    }
  }

  /** When one resident's facts change next by themselves: later instants join `due` (see `dueResidents`). */
  addDue(changes: readonly { at: number; residentId: number }[]): void {
    this.due = [...this.due.slice(this.nextDue), ...changes].sort((a, b) => a.at - b.at);
    this.nextDue = 0;
  }

  /** When the next resident's facts change by themselves (Infinity: none is due). */
  nextDueAt(): number {
    return this.due[this.nextDue]?.at ?? Infinity;
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
    while (this.nextDue < this.due.length && this.due[this.nextDue]!.at <= now.getTime()) ids.add(this.due[this.nextDue++]!.residentId);
    return [...ids];
  }

  /** Replaces these residents' rows with their facts at `at` (≥ H); a resident no longer living in the district leaves. */
  replace(residentIds: readonly number[], facts: readonly ResidentHealthFacts[], at: Date): void {
    const byId = new Map(facts.map((resident) => [resident.residentId, resident]));
    for (const id of residentIds) {
      const resident = byId.get(id);
      if (resident?.communityCode) this.write(this.rows.rowFor(id), resident, at);
      else if (this.rows.rowOfResident(id) >= 0) {
        this.rows.columns.flags[this.rows.rowOfResident(id)] = GONE;
        this.sealed = null;
      }
    }
  }

  private write(i: number, resident: ResidentHealthFacts, at: Date): void {
    this.sealed = null;
    const c = this.rows.columns;
    const code = healthCodeAt(resident.facts, at, this.rules);
    const series = resident.firstDoseProduct ? primarySeriesDoses(resident.firstDoseProduct) : null;
    c.residentId[i] = resident.residentId;
    c.community[i] = this.communities.indexOf(resident.communityCode!);
    c.birth[i] = dateNumber(resident.birthDate);
    c.lastSampled[i] = resident.facts.lastSampledAt?.getTime() ?? NaN;
    c.lastPositive[i] = resident.lastIndividualPositiveAt?.getTime() ?? NaN;
    c.lastAbnormal[i] = resident.lastAbnormalScanAt?.getTime() ?? NaN;
    c.turnsYellowAt[i] = code.turnsYellowAt?.getTime() ?? Infinity;
    c.color[i] = COLORS.indexOf(code.color);
    c.reasons[i] = code.reasons.reduce((bits, reason) => bits | (reason.code === 'NO_RECENT_TEST' ? 0 : REASON_BIT[reason.code]), 0);
    c.flags[i] =
      (resident.facts.exempt ? FLAG.exempt : 0) |
      (resident.latestResultPending ? FLAG.pending : 0) |
      (code.reasons.some((reason) => reason.code === 'POOL_POSITIVE_PENDING_RETEST') ? FLAG.poolPending : 0) |
      (resident.underObservation ? FLAG.observation : 0);
    c.vaccination[i] =
      resident.doses === 0 || series === null ? (resident.doses > 0 ? STARTED : UNVACCINATED)
      : resident.doses > series ? BOOSTED
      : resident.doses === series ? FULL
      : STARTED;
    if (resident.facts.exposureScans.length > 0) this.exposures.set(resident.residentId, exposureKey(resident.facts.exposureScans));
    else this.exposures.delete(resident.residentId);
    // An exposure counted now stops counting 7 days after its scan: the code may change then.
    const lapses = resident.facts.exposureScans.map((scan) => scan.getTime() + VENUE_EXPOSURE_WINDOW_HOURS * HOUR).filter((end) => end > at.getTime());
    if (lapses.length > 0) this.addDue(lapses.map((end) => ({ at: end, residentId: resident.residentId })));
  }

  /** The indexes of each region (codes of any level) at `instant` (≥ H, before any fact's next change). */
  indexesAt(instant: Date, regionCodes: readonly string[]): Map<string, HealthIndexes> {
    const t = instant.getTime();
    if (t < this.at.getTime()) throw new RangeError(`columns describe ${this.at.toISOString()}, not the earlier ${instant.toISOString()}`);
    const today = shanghaiDate(instant);
    const dayStart = dayStartOf(instant);
    const [bornBy60, bornBy80] = [bornByForAge(today, 60), bornByForAge(today, 80)];
    const sealed = (this.sealed ??= this.seal());
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

  /**
   * The residents `index` counts at `instant` (≥ H) in the region, row by row from the same columns and by the
   * same definitions as indexesAt counts them (a pass over the region's rows), grouped per community in code order.
   */
  peopleAt(index: HealthIndex, instant: Date, regionCode: string): CommunityPeople[] {
    const counts = this.membership(index, instant);
    const { groups } = (this.sealed ??= this.seal());
    const c = this.rows.columns;
    return groupedPeople(this.communities, groups, regionCode, (i) => c.flags[i] !== GONE && counts(i), (i) => c.residentId[i]!);
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
    const { groups } = (this.sealed ??= this.seal());
    const counted = (i: number) => c.flags[i] !== GONE && checks.every((check) => check(i));
    return groupedPeople(this.communities, groups, regionCode, counted, (i) => c.residentId[i]!).flatMap((community) => community.residentIds());
  }

  /** Whether a live row counts in `index` at `instant`: what indexesAt counts, one row at a time. */
  private membership(index: HealthIndex, instant: Date): (i: number) => boolean {
    const c = this.rows.columns;
    const t = instant.getTime();
    const dayStart = dayStartOf(instant);
    const flag = (bit: number) => (i: number) => (c.flags[i]! & bit) !== 0;
    const sampledWithin = (hours: number) => (i: number) => c.lastSampled[i]! > t - hours * HOUR;
    // A GREEN code at H has turned YELLOW by T when its sample has aged out.
    const colorAt = (i: number) => (c.color[i] === GREEN && c.turnsYellowAt[i]! <= t ? YELLOW : c.color[i]);
    const bornBy80 = bornByForAge(shanghaiDate(instant), 80);
    switch (index) {
      case HealthIndex.SAMPLED_TODAY: return (i) => c.lastSampled[i]! >= dayStart;
      case HealthIndex.WITHIN_24H: return sampledWithin(24);
      case HealthIndex.WITHIN_48H: return sampledWithin(48);
      case HealthIndex.WITHIN_72H: return sampledWithin(72);
      case HealthIndex.UNTESTED_72H: return (i) => !flag(FLAG.exempt)(i) && !sampledWithin(72)(i);
      case HealthIndex.PENDING_RESULTS: return flag(FLAG.pending);
      case HealthIndex.POSITIVE_TODAY: return (i) => c.lastPositive[i]! >= dayStart;
      case HealthIndex.POOL_POSITIVE_PENDING_RETEST: return flag(FLAG.poolPending);
      case HealthIndex.EXEMPT: return flag(FLAG.exempt);
      case HealthIndex.FIRST_DOSE: return (i) => c.vaccination[i]! >= STARTED;
      case HealthIndex.FULLY_VACCINATED: return (i) => c.vaccination[i]! >= FULL;
      case HealthIndex.BOOSTED: return (i) => c.vaccination[i] === BOOSTED;
      case HealthIndex.ELDERLY_80_PLUS_UNVACCINATED: return (i) => c.birth[i]! <= bornBy80 && c.vaccination[i] === UNVACCINATED;
      case HealthIndex.GREEN: return (i) => colorAt(i) === GREEN;
      case HealthIndex.YELLOW: return (i) => colorAt(i) === YELLOW;
      case HealthIndex.RED: return (i) => colorAt(i) === RED;
      case HealthIndex.HOME_OBSERVATION_ACTIVE: return flag(FLAG.observation);
      case HealthIndex.ABNORMAL_SCANS_24H: return (i) => c.lastAbnormal[i]! > t - 24 * HOUR;
    }
  }

  /**
   * The call list's total (the region's residents now living, not exempt, with no sample in the last
   * `withinHours` hours) at `instant` (≥ H), by the same counting as untested72h.
   */
  untestedCount(instant: Date, regionCode: string, withinHours: number): number {
    const sealed = (this.sealed ??= this.seal());
    const since = instant.getTime() - withinHours * HOUR;
    const nonExempt = sealed.constant.find(([slot]) => slot === T.nonExempt)![1];
    let count = 0;
    this.communities.codes.forEach((code, c) => {
      if (code.startsWith(regionCode)) count += nonExempt[c]! - sealed.nonExemptSampled.above(c, since);
    });
    return count;
  }

  /**
   * What does not move with T, counted per community, and what does, sorted per community (see
   * shared/snapshot/community-segments.ts). Rebuilt after rows change.
   */
  private seal() {
    const c = this.rows.columns;
    const groups = new CommunityGroups(c.community, this.rows.size, this.communities.codes.length);
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
      groups,
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
