/**
 * Vaccine doses: the mass campaign from some fifteen months before the
 * anchor (working-age adults first, then the elderly, then children), primary
 * series by product, boosters (a quarter of them heterologous after an
 * inactivated series), and the few who never were vaccinated, by age.
 */
import type { DoseRow } from '../../subgraphs/health/db.js';
import type { Random } from '../random.js';
import { DAY, HOUR, dayOf, startOfDay, townNames, type HealthPlan, type Person } from './model.js';

type Product = DoseRow['product'];
const PRIMARY_SERIES: Readonly<Record<Product, number>> = { SINOPHARM_BIBP: 2, SINOVAC_CORONAVAC: 2, CANSINO_AD5: 1, ZF2001: 3 };
const PRODUCTS: readonly Product[] = ['SINOPHARM_BIBP', 'SINOVAC_CORONAVAC', 'CANSINO_AD5', 'ZF2001'];
const ADULT_PRODUCT_WEIGHTS = [50, 38, 6, 6];
/** Children were given the inactivated vaccines only. */
const CHILD_PRODUCT_WEIGHTS = [55, 45, 0, 0];
const BATCH_PREFIX: Readonly<Record<Product, string>> = { SINOPHARM_BIBP: 'BJ', SINOVAC_CORONAVAC: 'K', CANSINO_AD5: 'NCOV', ZF2001: 'ZF' };
/** The mass campaign started this long before the anchor (January 2021 for an April 2022 anchor). */
const CAMPAIGN_LEAD = 465 * DAY;

export class Vaccination {
  private readonly anchor: number;
  private readonly today: number;
  /** The town of each community, by the community's index (its site): doses are given at its health centre. */
  private readonly townNames: string[];
  private readonly monthTexts = new Map<number, string>();
  private lastId = 0;

  constructor(plan: HealthPlan) {
    this.anchor = plan.anchor.getTime();
    this.today = dayOf(this.anchor);
    this.townNames = townNames(plan);
  }

  /** The doses of one community's residents, resident by resident. */
  vaccinate(persons: Person[], random: Random, out: DoseRow[]): void {
    const campaign = dayOf(this.anchor - CAMPAIGN_LEAD);
    for (const person of persons) {
      const age = person.age;
      const unvaccinated = age < 3 ? 1 : age < 18 ? 0.05 : age < 60 ? 0.08 : age < 80 ? 0.15 : 0.4;
      if (random.chance(unvaccinated)) continue;
      const product = PRODUCTS[random.weighted(age < 18 ? CHILD_PRODUCT_WEIGHTS : ADULT_PRODUCT_WEIGHTS)]!;
      // Working-age adults first, then the elderly, then children (in days after the campaign began).
      const u = random.next();
      let day =
        campaign +
        Math.floor(age >= 60 ? 45 + 200 * u : age >= 18 ? 200 * u ** 1.3 : age >= 12 ? 170 + 120 * u : 200 + 130 * u);
      const eligible = dayOf(Date.parse(`${person.birthDate}T00:00:00+08:00`) + 3 * 365.25 * DAY) + 1;
      if (day < eligible) day = eligible + random.int(0, 90);
      const complete = random.chance(age >= 80 ? 0.8 : age >= 60 ? 0.9 : 0.95);
      const series = PRIMARY_SERIES[product];
      const given = complete ? series : random.int(1, Math.max(1, series - 1));
      const boosted = complete && random.chance(age < 18 ? 0 : product === 'ZF2001' ? 0.1 : age >= 80 ? 0.4 : age >= 60 ? 0.65 : 0.85);
      const town = this.townNames[person.periods.at(-1)!.site]!;
      for (let dose = 1; dose <= given + (boosted ? 1 : 0); dose++) {
        if (dose > 1) day += dose > given ? random.int(180, 270) : product === 'ZF2001' ? random.int(30, 45) : random.int(21, 56);
        if (day >= this.today) break; // not yet given at the anchor
        // A quarter of the boosters after an inactivated series are heterologous.
        const inactivated = product === 'SINOPHARM_BIBP' || product === 'SINOVAC_CORONAVAC';
        const doseProduct = dose > given && inactivated && random.chance(0.25) ? random.pick(['ZF2001', 'CANSINO_AD5'] as const) : product;
        const site = random.chance(0.7)
          ? `${town} Community Health Service Centre`
          : random.chance(0.6)
            ? 'Qingpu Sports Centre temporary vaccination site'
            : 'Qingpu District Central Hospital';
        out.push({
          id: ++this.lastId,
          residentId: person.id,
          product: doseProduct,
          doseNumber: dose,
          administeredAt: new Date(startOfDay(day) + 8 * HOUR + Math.floor(9 * HOUR * random.next())),
          site,
          batch: `${BATCH_PREFIX[doseProduct]}${this.monthText(day - random.int(30, 90))}${String(random.int(1, 40)).padStart(3, '0')}`,
          recordedBy: 'seed',
        });
      }
    }
  }

  /** 'YYYYMM' of a day. */
  private monthText(day: number): string {
    let text = this.monthTexts.get(day);
    if (text === undefined) {
      text = new Date(day * DAY).toISOString().slice(0, 7).replace('-', '');
      this.monthTexts.set(day, text);
    }
    return text;
  }
}
