/**
 * Vaccination fixtures: doses written straight into health.doses (fast, and
 * independent of recordVaccination, which the tests exercise on their own).
 */
import { doses } from '../../subgraphs/health/db.js';
import type { VaccineProductCode } from '../../subgraphs/health/vaccination/vaccination.rules.js';
import type { Db } from '../../subgraphs/shared/db/database.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

const DAY = 24 * 3600 * 1000;

/**
 * The vaccination tests' platform: no background polling (events applied only on drainEvents(), and a
 * statement count sees only the request's own statements), the region tree, and the vaccination builders.
 */
export async function startVaccinationPlatform(): Promise<{ platform: TestPlatform; vaccines: VaccinationBuilders }> {
  const platform = await startTestPlatform({ pollEvents: false });
  await platform.seed.regionTree();
  return { platform, vaccines: vaccinationBuilders(platform.test.database.db) };
}

export interface DoseSpec {
  product: VaccineProductCode;
  administeredAt: Date;
  site?: string;
  batch?: string;
  recordedBy?: string;
}

export function vaccinationBuilders(db: Db) {
  /** Gives a resident these doses as doses 1, 2, 3… (in the order listed). */
  async function doseHistory(residentId: number, specs: DoseSpec[]): Promise<void> {
    if (specs.length === 0) return;
    await db.insert(doses).values(
      specs.map((spec, i) => ({
        residentId,
        product: spec.product,
        doseNumber: i + 1,
        administeredAt: spec.administeredAt,
        site: spec.site ?? 'Xiayang Community Health Centre',
        batch: spec.batch ?? `BATCH-${residentId}-${i + 1}`,
        recordedBy: spec.recordedBy ?? 'test-builder',
      })),
    );
  }

  /** `products` as doses 1, 2, 3… of a resident, `intervalDays` apart from `from`. */
  async function vaccinate(residentId: number, products: VaccineProductCode[], from = new Date('2021-04-01T01:00:00Z'), intervalDays = 28): Promise<Date[]> {
    const times = products.map((_, i) => new Date(from.getTime() + i * intervalDays * DAY));
    await doseHistory(
      residentId,
      products.map((product, i) => ({ product, administeredAt: times[i]! })),
    );
    return times;
  }

  return { doseHistory, vaccinate };
}

export type VaccinationBuilders = ReturnType<typeof vaccinationBuilders>;
