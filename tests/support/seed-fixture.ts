/**
 * The seed tests' fixture: the 'test' size seeded at one anchor into a fresh
 * in-memory PGlite, and the check that seeding again gives the same rows.
 */
import { expect } from 'vitest';
import { seedDatabase, type SeedSummary } from '../../seed/index.js';
import { createDatabase, type Database } from '../../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../../subgraphs/shared/db/migrate.js';

export const ANCHOR = new Date('2022-04-15T02:00:00Z'); // 10:00 in Shanghai

export async function seeded(): Promise<{ database: Database; summary: SeedSummary }> {
  const database = await createDatabase({});
  await migrateDatabase(database);
  const summary = await seedDatabase(database, 'test', { anchor: ANCHOR });
  return { database, summary };
}

/** Seeds another database the same way and expects the same `fingerprint` as `database`'s. */
export async function expectSeedingAgainGivesTheSameRows(database: Database, fingerprint: (database: Database) => Promise<Record<string, string>>) {
  const other = await seeded();
  try {
    expect(await fingerprint(other.database)).toEqual(await fingerprint(database));
  } finally {
    await other.database.close();
  }
}
