import { Client } from 'pg';

/**
 * Test service resolution (design §9): explicit env URLs → testcontainers where a Docker engine
 * answers → otherwise a clear failure naming what is missing. Never a silent pass.
 */
export const TEST_DB_NAME = 'lightbox_test';

export async function resolvePostgres(): Promise<string> {
  const explicit = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (explicit) return explicit;
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const c = await new GenericContainer('postgres:15')
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres', POSTGRES_DB: TEST_DB_NAME })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    return `postgres://postgres:postgres@${c.getHost()}:${c.getMappedPort(5432)}/${TEST_DB_NAME}`;
  } catch (err) {
    throw new Error(
      `No Postgres for the tests: DATABASE_URL is not set and testcontainers failed (${(err as Error).message.split('\n')[0]}). ` +
        'Set DATABASE_URL (see .ci/run) or start a Docker engine.',
    );
  }
}

export async function resolveRedis(): Promise<string> {
  const explicit = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (explicit) return explicit;
  try {
    const { GenericContainer } = await import('testcontainers');
    const c = await new GenericContainer('redis:7').withExposedPorts(6379).start();
    return `redis://${c.getHost()}:${c.getMappedPort(6379)}`;
  } catch (err) {
    throw new Error(
      `No Redis for the tests: REDIS_URL is not set and testcontainers failed (${(err as Error).message.split('\n')[0]}). ` +
        'Set REDIS_URL (see .ci/run) or start a Docker engine.',
    );
  }
}

/** Recreates the test database from nothing so the migrations build the whole schema. */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const dbName = target.pathname.slice(1);
  // This drops the database: refuse anything that does not look like a throwaway one.
  if (!/test|bench/i.test(dbName)) {
    throw new Error(`refusing to recreate database "${dbName}": test and benchmark databases must have "test" or "bench" in their name`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await client.end();
  }
}
