/**
 * DataLoader builders: one batched query per key set, results handed back in
 * key order through a Map. Every entity reference and list-of-children field
 * goes through one of these, so a page of N items costs one query per field.
 */
import DataLoader from 'dataloader';

/** One value (or null) per key. */
export function oneByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((value) => [keyOf(value), value]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A list (possibly empty) per key, in the order the query returned. */
export function manyByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const value of await fetch(keys)) byKey.get(keyOf(value))?.push(value);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
