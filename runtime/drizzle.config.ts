// drizzle-kit configuration for the SQLite migrations: `npx drizzle-kit generate --config drizzle.config.ts`
// (or `npm run db:generate`) after changing src/db/schema.sqlite.ts. The store applies the
// generated folder at open (src/db/sqlite.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.sqlite.ts',
  out: './drizzle/sqlite',
});
