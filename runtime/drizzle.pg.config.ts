// drizzle-kit configuration for the PostgreSQL migrations: `npx drizzle-kit generate --config
// drizzle.pg.config.ts` (or `npm run db:generate:pg`) after changing src/db/schema.pg.ts, which
// changes together with schema.sqlite.ts. The store applies the generated folder at open
// (src/db/postgres.ts); no database is needed to generate.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.pg.ts',
  out: './drizzle/pg',
});
