import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The pg pool TypeORM opened for the app (its driver's `master`, not a public API): hot statements
 * run on it directly, since a TypeORM query runner around one short statement costs more CPU than
 * the statement.
 */
export function appPool(db: DataSource): Pool {
  return (db.driver as unknown as { master: Pool }).master;
}
