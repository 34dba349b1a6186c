/**
 * The request deadline reaches the database: on PostgreSQL the serving
 * handle cancels a statement that outlives REQUEST_TIMEOUT_MS, and shared
 * work (the live snapshot's whole read) opts out. PGlite runs statements on
 * the process's own thread, where nothing can interrupt one.
 */
import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { createDatabase, queryRows } from '../../subgraphs/shared/db/database.js';

const serverUrl = process.env.TEST_DATABASE_URL;
/** SQLSTATE query_canceled: what PostgreSQL reports for a statement cancelled by statement_timeout. */
const CANCELLED_BY_TIMEOUT = '57014';

test.runIf(serverUrl)('a statement running past the timeout is cancelled; a transaction that opts out is not', async () => {
  const database = await createDatabase({ url: serverUrl, statementTimeoutMs: 300, maxConnections: 1 });
  try {
    const started = Date.now();
    await expect(queryRows(database.db, sql`select pg_sleep(3)`)).rejects.toMatchObject({ cause: { code: CANCELLED_BY_TIMEOUT } });
    expect(Date.now() - started).toBeLessThan(2_000);
    const [row] = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      return queryRows<{ done: number }>(tx, sql`select 1 as done from pg_sleep(0.5)`);
    });
    expect(row?.done).toBe(1);
    // The opt-out ended with its transaction: the next statement is bounded again.
    await expect(queryRows(database.db, sql`select pg_sleep(3)`)).rejects.toMatchObject({ cause: { code: CANCELLED_BY_TIMEOUT } });
  } finally {
    await database.close();
  }
});

test.runIf(serverUrl)('a bulk load (COPY) is nobody\'s request: it is not cut by the timeout, and the connection is bounded again after', async () => {
  const database = await createDatabase({ url: serverUrl, statementTimeoutMs: 300, maxConnections: 1 });
  try {
    await database.db.execute(sql`create temporary table if not exists copy_probe (n int)`);
    // A generator that takes longer than the timeout to deliver its rows: the COPY statement stays open meanwhile.
    async function* slowRows() {
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        yield `${i}\n`;
      }
    }
    await database.copyCsv('copy_probe', ['n'], slowRows());
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from copy_probe`);
    expect(row?.n).toBe(5);
    await expect(queryRows(database.db, sql`select pg_sleep(3)`)).rejects.toMatchObject({ cause: { code: CANCELLED_BY_TIMEOUT } });
  } finally {
    await database.close();
  }
});
