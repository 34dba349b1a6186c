/**
 * A fresh, migrated database for one test file: a clone of the run's PGlite
 * dump, or (with TEST_DATABASE_URL) a PostgreSQL database made from the run's template.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../../subgraphs/shared/db/database.js';
import { adminUrl, withDatabase } from './database-url.js';

export interface TestDatabase {
  database: Database;
  /** Counts SQL statements while `run` runs. */
  countStatements<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  let recording: string[] | null = null;
  const onStatement = (sql: string) => recording?.push(sql);
  const countStatements = async <T>(run: () => Promise<T>) => {
    recording = [];
    try {
      const result = await run();
      return { result, statements: recording };
    } finally {
      recording = null;
    }
  };

  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (serverUrl && template) {
    const name = `platform_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${template}`);
    const database = await createDatabase({ url: withDatabase(serverUrl, name), onStatement });
    return {
      database,
      countStatements,
      async drop() {
        await database.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const dump = await readFile(inject('pgliteDump')!);
  const database = await createDatabase({ loadDataDir: new Blob([dump]), onStatement });
  return { database, countStatements, drop: () => database.close() };
}
