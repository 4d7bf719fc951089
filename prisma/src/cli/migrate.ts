// Applies pending migrations to the configured database (DATABASE_URL, or the embedded default).
import { openDatabase, parseDatabaseUrl } from '../database.js';

const location = parseDatabaseUrl(process.env.DATABASE_URL);
const db = await openDatabase(location);
try {
  const applied = await db.migrate();
  const where = location.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${location.dataDir ?? 'in memory'})`;
  console.log(applied.length === 0 ? `${where}: up to date.` : `${where}: applied ${applied.join(', ')}`);
} finally {
  await db.close();
}
