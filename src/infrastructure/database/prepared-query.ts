import type { EntityManager } from 'typeorm';

/**
 * Runs a hot statement as a named prepared statement: Postgres parses and plans it once per
 * connection instead of on every call (the pipeline runs a handful of these several times per
 * asset). Goes through the manager's query runner, so inside a transaction it is part of it.
 * `name` must always stand for the same `text`. Returns the rows (RETURNING rows for writes),
 * as objects keyed by column name, or as arrays in select order with rowMode 'array'.
 */
export async function preparedQuery<T>(m: EntityManager, name: string, text: string, values: unknown[], rowMode?: 'array'): Promise<T[]> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as { query(q: { name: string; text: string; values: unknown[]; rowMode?: 'array' }): Promise<{ rows: T[] }> };
    return (await client.query({ name, text, values, rowMode })).rows;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}
