/** Entity IDs are decimal strings of a bigint; anything else identifies nothing. */
export function numericId(id: string): number | null {
  return /^[1-9]\d{0,15}$/.test(id) ? Number(id) : null;
}
