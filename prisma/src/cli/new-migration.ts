// Authors the next migration: the SQL between the migrations folder and schema.prisma, computed on a
// throw-away in-memory PGlite. Usage: pnpm db:migration <name>
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../database.js';
import { diffMigrations, EMPTY_MIGRATION, migrationsDir } from '../migrate.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error('Usage: pnpm db:migration <name>   (lower-case letters, digits and _)');
  process.exit(2);
}

const db = await openDatabase({ kind: 'pglite', dataDir: null });
try {
  const sql = await diffMigrations(db.adapterFactory);
  if (sql.trim() === EMPTY_MIGRATION || sql.trim() === '') {
    console.log('schema.prisma matches the migrations folder: nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), sql);
    await writeFile(join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    console.log(`Wrote ${join(dir, 'migration.sql')}`);
  }
} finally {
  await db.close();
}
