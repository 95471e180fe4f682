import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

// Arbitrary constant: every replica takes the same advisory lock, so only one migrates at a time.
const MIGRATION_LOCK_KEY = 7_316_042_911;

/** Runs pending migrations under a Postgres advisory lock (safe with many replicas booting). */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** SQL the entities would need beyond what the migrations built; empty when they agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

/**
 * Connects, migrates, disconnects. Needs no entities, so tooling (test setup, CLI) can migrate
 * without loading the application's modules.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const ds = await new DataSource({ type: 'postgres', url: databaseUrl, migrations: MIGRATIONS, migrationsTableName: 'migrations', extra: { max: 2 } }).initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
