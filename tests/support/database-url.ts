/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The server's maintenance database, to create and drop test databases from. */
export function adminUrl(url: string): string {
  return withDatabase(url, 'postgres');
}
