/**
 * Runs once per test run: migrates one database and leaves a template every
 * test file clones (cloning is ~10× cheaper than migrating). PGlite: a data-dir
 * dump in a temp file. PostgreSQL (TEST_DATABASE_URL): a template database.
 * It also generates the contract's typed documents (tests/generated, ignored
 * by git), which tests import, so a clean checkout needs no codegen step first.
 */
import { generate } from '@graphql-codegen/cli';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { createDatabase, dumpPglite } from '../../subgraphs/shared/db/database.js';
import { migrateDatabase } from '../../subgraphs/shared/db/migrate.js';
import codegen from '../../codegen.js';
import { adminUrl, withDatabase } from './database-url.js';

export default async function setup(project: TestProject) {
  // Files whose content is unchanged are not rewritten (codegen compares hashes), so
  // tests/schema/codegen.test.ts regenerating them mid-run does not disturb readers.
  await generate({ ...codegen, cwd: path.resolve(import.meta.dirname, '../..') }, true);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `platform_template_${randomUUID().slice(0, 8)}`;
    const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const database = await createDatabase({ url: withDatabase(serverUrl, template), maxConnections: 1 });
    await migrateDatabase(database);
    await database.close();
    project.provide('postgresTemplate', template);
    return async () => {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const database = await createDatabase({});
  await migrateDatabase(database);
  const dumpFile = path.join(os.tmpdir(), `platform-test-${randomUUID()}.tar`);
  await writeFile(dumpFile, Buffer.from(await (await dumpPglite(database)).arrayBuffer()));
  await database.close();
  project.provide('pgliteDump', dumpFile);
  return () => rm(dumpFile, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump?: string;
    postgresTemplate?: string;
  }
}
