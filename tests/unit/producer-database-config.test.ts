/**
 * A database per subgraph: `<PRODUCER>_DATABASE_URL` names where a process's consumers read that producer's outbox;
 * like DATABASE_URL it must be a PostgreSQL URL, and unset it means the process's own database.
 */
import { expect, test } from 'vitest';
import { ConfigError, readConfig } from '../../subgraphs/shared/config.js';

test('producer database URLs are read per subgraph name, unset ones left out', () => {
  const config = readConfig({ DATABASE_URL: 'postgres://h/health', POPULATION_DATABASE_URL: 'postgres://reader@p/population', CASES_DATABASE_URL: ' postgresql://reader@c/cases ' }, '/tmp');
  expect(config.producerDatabaseUrls).toEqual({ population: 'postgres://reader@p/population', cases: 'postgresql://reader@c/cases' });
});

test('a producer database URL that is not PostgreSQL is reported by name', () => {
  expect(() => readConfig({ HEALTH_DATABASE_URL: 'mysql://h/health' }, '/tmp')).toThrow(ConfigError);
  expect(() => readConfig({ HEALTH_DATABASE_URL: 'mysql://h/health' }, '/tmp')).toThrow(/HEALTH_DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
});
