import type { EntityManager } from 'typeorm';
import { appPool } from './app-pool';

interface QueryConfig {
  name: string;
  text: string;
  values: unknown[];
  rowMode?: 'array';
}

/** A pg client or pool: both run a query config. */
interface Queryable {
  query(q: QueryConfig): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a hot statement as a named prepared statement: Postgres parses and plans it once per
 * connection instead of on every call (the pipeline runs a handful of these several times per
 * asset). Inside a transaction it runs on the manager's connection, as part of it; otherwise
 * straight on the app's pool (appPool). `name` must always stand for the same `text`. Returns the
 * rows (RETURNING rows for writes), as objects keyed by column name, or as arrays in select order
 * with rowMode 'array'.
 */
export async function preparedQuery<T>(m: EntityManager, name: string, text: string, values: unknown[], rowMode?: 'array'): Promise<T[]> {
  const on = (m.queryRunner ? await m.queryRunner.connect() : appPool(m.connection)) as Queryable;
  return (await on.query({ name, text, values, rowMode })).rows as T[];
}
