/**
 * "This community code lies in that region" as SQL. Region codes are digits
 * and a region's code is a prefix of its communities' codes, so the region's
 * communities are exactly the codes from the region's code up to (not
 * including) the code followed by DEL (0x7F, above every digit). Written as
 * that range rather than LIKE 'code%': a b-tree index on the column serves a
 * range (and the order by it), while a LIKE prefix uses one only under the C
 * collation, so LIKE read every row of the index at district size.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

export function inRegion(column: AnyColumn | SQL, regionCode: string): SQL {
  return sql`(${column} >= ${regionCode} and ${column} < ${regionCode + '\u007f'})`;
}
