import type { DoseRow } from '../db.js';
import { vaccinationStatusAt } from './vaccination.rules.js';
import { VaccinationStatus, VaccineDose, VaccineProduct } from './vaccination.type.js';

export function toVaccineDose(row: DoseRow): VaccineDose {
  return Object.assign(new VaccineDose(), {
    doseNumber: row.doseNumber,
    product: row.product as VaccineProduct,
    administeredAt: row.administeredAt,
    site: row.site,
    batch: row.batch,
    recordedBy: row.recordedBy,
  });
}

/** A resident's status at `at` from all of their dose rows. */
export function toVaccinationStatus(rows: readonly DoseRow[], at: Date): VaccinationStatus {
  const status = vaccinationStatusAt(rows, at);
  return Object.assign(new VaccinationStatus(), {
    doses: status.doses,
    fullyVaccinated: status.fullyVaccinated,
    boosted: status.boosted,
    lastDoseAt: status.lastDoseAt,
    primarySeriesDoses: status.primarySeriesDoses,
    history: status.history.map(toVaccineDose),
  });
}
