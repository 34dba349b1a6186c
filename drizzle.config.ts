import { defineConfig } from 'drizzle-kit';

// drizzle-kit generates the SQL migrations in migrations/ from every subgraph's tables.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./subgraphs/population/db.ts', './subgraphs/health/db.ts', './subgraphs/permits/db.ts', './subgraphs/cases/db.ts', './subgraphs/shared/audit/db.ts'],
  out: './migrations',
  casing: 'snake_case',
});
