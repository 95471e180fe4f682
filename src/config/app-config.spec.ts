import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs locally with no S3 and no Meilisearch by default', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ role: 'all', port: 3000, storage: { driver: 'fs', s3: null }, search: { engine: 'postgres', meiliUrl: null } });
    expect(c.databaseUrl).toMatch(/^postgres:/);
    expect(c.redisUrl).toMatch(/^redis:/);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535, got 70000'],
    [{ ROLE: 'both' }, 'ROLE must be one of all|api|worker, got "both"'],
    [{ STORAGE_DRIVER: 'gcs' }, 'STORAGE_DRIVER must be one of fs|s3, got "gcs"'],
    [{ STORAGE_DRIVER: 's3' }, 'S3_ENDPOINT is required but not set'],
    [{ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://minio:9000' }, 'S3_ACCESS_KEY is required but not set'],
    [{ SEARCH_ENGINE: 'meilisearch' }, 'MEILI_URL is required but not set'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must use postgres: or postgresql:, got "mysql:"'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL is not a valid URL: "not a url"'],
    [{ MAX_UPLOAD_BYTES: '-5' }, 'MAX_UPLOAD_BYTES must be a whole number, got "-5"'],
    [{ MIGRATE_ON_BOOT: 'maybe' }, 'MIGRATE_ON_BOOT must be true or false, got "maybe"'],
    [{ NODE_ENV: 'production' }, 'SIGNING_SECRET is required when NODE_ENV=production'],
    [{ PROCESSING_HEAP_GROWTH_PERCENT: '500' }, 'PROCESSING_HEAP_GROWTH_PERCENT must be between 0 and 400, got 500'],
    [{ PROCESSING_HEAP_GROWTH_PERCENT: '1.5' }, 'PROCESSING_HEAP_GROWTH_PERCENT must be a whole number, got "1.5"'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('fixes a worker\'s heap growth at 100 % unless told otherwise (0 keeps V8\'s adaptive policy)', () => {
    expect(loadConfig({}).processing.heapGrowthPercent).toBe(100);
    expect(loadConfig({ PROCESSING_HEAP_GROWTH_PERCENT: '0' }).processing.heapGrowthPercent).toBe(0);
    expect(loadConfig({ PROCESSING_HEAP_GROWTH_PERCENT: '250' }).processing.heapGrowthPercent).toBe(250);
  });

  it('reads a complete s3 + meilisearch configuration', () => {
    const c = loadConfig({
      STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://minio:9000/', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's', S3_BUCKET: 'b',
      SEARCH_ENGINE: 'meilisearch', MEILI_URL: 'http://meili:7700', MEILI_MASTER_KEY: 'mk', ROLE: 'worker', PORT: '8080',
    });
    expect(c.storage.s3).toEqual({ endpoint: 'http://minio:9000', region: 'us-east-1', accessKey: 'k', secretKey: 's', bucket: 'b' });
    expect(c.search).toEqual({ engine: 'meilisearch', meiliUrl: 'http://meili:7700', meiliMasterKey: 'mk', meiliIndex: 'lightbox-assets', exactCountCap: 1000 });
    expect(c.role).toBe('worker');
    expect(c.publicUrl).toBe('http://localhost:8080');
  });
});
