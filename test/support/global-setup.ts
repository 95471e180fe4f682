// Only the migrations are loaded here: app modules evaluated in this realm would leak into the test realm's metadata.
import { migrateDatabase } from '../../src/infrastructure/database/migrate';
import { recreateDatabase, resolvePostgres, resolveRedis } from './services';

/** Once per e2e run: a fresh database built by the migrations, and the service URLs for every suite. */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = await resolvePostgres();
  const redisUrl = await resolveRedis();
  await recreateDatabase(databaseUrl);
  const applied = await migrateDatabase(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_URL = redisUrl;
  process.stdout.write(`\n[e2e] Postgres ${redactUrl(databaseUrl)} (${applied.length} migrations), Redis ${redactUrl(redisUrl)}\n`);
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
