/** One staging at a time per idempotency key, across processes (PostgreSQL) or within this one (PGlite). */
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../shared/db/database.js';

const keysStagingHere = new Map<string, Promise<void>>();

/**
 * Runs `run` while no other import stages the same key, so two imports of one
 * file cannot mix (or clear) each other's staged rows. PostgreSQL: an advisory
 * lock held by a transaction left open while COPY runs on another pooled
 * connection; the batch row is inserted in that transaction, so it appears
 * exactly when the lock is released. PGlite is one connection in one process
 * (an open transaction would block the COPY): a lock in this process does.
 */
export async function withKeyLock<T>(database: Database, key: string, run: (locked: Executor) => Promise<T>): Promise<T> {
  if (database.kind === 'postgres') {
    return database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`health.ingest_batches:${key}`}))`);
      return run(tx);
    });
  }
  const previous = keysStagingHere.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  keysStagingHere.set(key, tail);
  await previous;
  try {
    return await run(database.db);
  } finally {
    release();
    if (keysStagingHere.get(key) === tail) keysStagingHere.delete(key);
  }
}
