/**
 * What the health seed's generators share: the plan, the time arithmetic of
 * the Shanghai calendar, and the in-memory model of a resident that the
 * generators build up in turn (projection, outbreak, samples, observation)
 * and read back (vaccination by age, scan colours from samples).
 */
import type { Community, Region } from '../regions.js';
import type { VenueDirectory } from '../venues.js';

export interface HealthPlan {
  /** The data-set name: seeds the generators like the population's. */
  name: string;
  /** Residents planned in all: scales the few facts that must exist even in a small data set. */
  residents: number;
  anchor: Date;
  regions: readonly Region[];
  communities: readonly Community[];
  venues: VenueDirectory;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Asia/Shanghai has had no daylight saving since 1991: calendar days are UTC+8. */
const SHANGHAI_OFFSET = 8 * HOUR;
/** Facts dated near a change of residence keep this far from the ends of the residency period. */
export const PERIOD_MARGIN = HOUR;

export interface Interval {
  start: number;
  end: number;
}

export interface Period extends Interval {
  communityCode: string;
  /** Index of the community in the plan: its sampling point. */
  site: number;
}

export interface Person {
  id: number;
  idNumber: string;
  birthDate: string;
  /** Age in completed years at the anchor. */
  age: number;
  periods: Period[];
  exemptions: Interval[];
  keyWorker: boolean;
  /** When infected (Infinity: never); samples from then on are positive. */
  infectedAt: number;
  /** sampled_at of the first positive sample: no routine sampling or scanning after it. */
  isolatedAt: number;
  /** sampled_at of every sample, in no particular order. */
  sampled: number[];
  /** Positive pooled samples whose result had arrived by the anchor. */
  positivePools: { sampledAt: number; resultAt: number }[];
  /** Single samples with a final result (NEGATIVE or POSITIVE) by the anchor. */
  finalSingles: { sampledAt: number; resultAt: number }[];
  observation: Interval | null;
}

/** The name of the town of each community of the plan, by the community's index (its site). */
export function townNames(plan: HealthPlan): string[] {
  const towns = new Map(plan.regions.filter((r) => r.level === 'TOWN').map((r) => [r.code, r.name]));
  return plan.communities.map((community) => towns.get(community.parentCode!) ?? community.parentCode!);
}

/** The residency period holding `at` at least `margin` from both of its ends, or null. */
export function periodAt(person: Person, at: number, margin: number): Period | null {
  for (const period of person.periods) if (period.start + margin <= at && at < period.end - margin) return period;
  return null;
}

export function inAny(intervals: readonly Interval[], at: number): boolean {
  for (const interval of intervals) if (interval.start <= at && at < interval.end) return true;
  return false;
}

/** The Shanghai calendar day (days since 1970-01-01) of an instant. */
export function dayOf(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET) / DAY);
}

export function startOfDay(day: number): number {
  return day * DAY - SHANGHAI_OFFSET;
}

/** A well-mixed 32-bit hash of an integer: stable choices (lab, tube size) without drawing from a generator. */
export function hash(value: number): number {
  let h = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
