import type { EntityManager } from 'typeorm';

/**
 * Runs a hot statement as a named prepared statement: Postgres parses and plans it once per
 * connection instead of on every call (the pipeline runs a handful of these several times per
 * asset). Goes through the manager's query runner, so inside a transaction it is part of it.
 * `name` must always stand for the same `text`. Returns the rows (RETURNING rows for writes).
 */
export async function preparedQuery<T>(m: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
    return (await client.query({ name, text, values })).rows;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}
