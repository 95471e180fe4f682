/** Typed, validated environment. A bad value stops boot with one line naming the variable. */
export type Role = 'all' | 'api' | 'worker';
export type StorageDriver = 'fs' | 's3';
export type SearchEngineName = 'postgres' | 'meilisearch';

export interface AppConfig {
  role: Role;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string;
  migrateOnBoot: boolean;
  storage: {
    driver: StorageDriver;
    dir: string;
    s3: { endpoint: string; region: string; accessKey: string; secretKey: string; bucket: string } | null;
  };
  search: {
    engine: SearchEngineName;
    meiliUrl: string | null;
    meiliMasterKey: string | null;
    meiliIndex: string;
    /** Postgres engine: totalHits is counted exactly up to this many matches and estimated above (docs/search.md, "Totals"). */
    exactCountCap: number;
  };
  maxUploadBytes: number;
  uploadUrlTtlSeconds: number;
  downloadUrlTtlSeconds: number;
  /** HMAC key for the api's own signed URLs (fs uploads/downloads). */
  signingSecret: string;
  import: { timeoutMs: number; allowedCidrs: string[] };
  processing: ProcessingConfig;
  graphql: { introspection: boolean; maxDepth: number };
  queuePrefix: string;
  webhooks: WebhooksConfig;
}

export interface WebhooksConfig {
  /** Private CIDRs deliveries may reach (default: IMPORT_ALLOWED_CIDRS, the same SSRF guard as URL import). */
  allowedCidrs: string[];
  timeoutMs: number;
  /** Attempts per delivery (first try included), with exponential backoff from retryDelayMs. */
  maxAttempts: number;
  retryDelayMs: number;
  /** Consecutive failed deliveries (all attempts used) after which a webhook is switched off. */
  disableAfterFailures: number;
}

export interface ProcessingConfig {
  /** Jobs one worker process runs at once (per queue). */
  concurrency: number;
  /** Decompression-bomb guard for every image decode and probe. */
  limitInputPixels: number;
  /** BullMQ lock duration; a killed worker's jobs are retried after about this long. */
  lockMs: number;
  /** How often the reconciler runs, and how old a queued/running step must be before it counts as stuck. */
  reconcileIntervalMs: number;
  reconcileStaleMs: number;
  /**
   * V8's heap growth factor (1 + percent/100) in processes that run the processing workers; 0 keeps
   * V8's adaptive policy. See src/common/runtime/heap-growth.ts for why a worker fixes it.
   */
  heapGrowthPercent: number;
  /** Optional OpenAI-compatible embedding provider (off unless EMBEDDING_URL is set). */
  embedding: { url: string | null; imageUrl: string | null; model: string; apiKey: string | null; timeoutMs: number };
  /** Optional HTTP vision tagger (off unless VISION_TAGGER_URL is set). */
  visionTagger: { url: string | null; apiKey: string | null; timeoutMs: number };
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback?: string): string {
  const v = env[name]?.trim();
  if (v) return v;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(name, 'is required but not set');
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(env, name, fallback);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of ${allowed.join('|')}, got "${v}"`);
  }
  return v as T;
}

function int(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[], fallback?: string): string {
  const v = str(env, name, fallback);
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${v}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return v.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const driver = oneOf(env, 'STORAGE_DRIVER', ['fs', 's3'] as const, 'fs');
  const engine = oneOf(env, 'SEARCH_ENGINE', ['postgres', 'meilisearch'] as const, 'postgres');
  return {
    role: oneOf(env, 'ROLE', ['all', 'api', 'worker'] as const, 'all'),
    port,
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:'], `http://localhost:${port}`),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://postgres@127.0.0.1:5432/lightbox'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
    migrateOnBoot: bool(env, 'MIGRATE_ON_BOOT', true),
    storage: {
      driver,
      dir: str(env, 'STORAGE_DIR', './.data/storage'),
      s3:
        driver === 's3'
          ? {
              endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']),
              region: str(env, 'S3_REGION', 'us-east-1'),
              accessKey: str(env, 'S3_ACCESS_KEY'),
              secretKey: str(env, 'S3_SECRET_KEY'),
              bucket: str(env, 'S3_BUCKET', 'lightbox'),
            }
          : null,
    },
    search: {
      engine,
      meiliUrl: engine === 'meilisearch' ? url(env, 'MEILI_URL', ['http:', 'https:']) : env.MEILI_URL?.trim() || null,
      meiliMasterKey: env.MEILI_MASTER_KEY?.trim() || null,
      meiliIndex: str(env, 'MEILI_INDEX', 'lightbox-assets'),
      exactCountCap: int(env, 'SEARCH_EXACT_COUNT_CAP', 1000, 1, 1_000_000),
    },
    maxUploadBytes: int(env, 'MAX_UPLOAD_BYTES', 2 * 1024 ** 3, 1),
    uploadUrlTtlSeconds: int(env, 'UPLOAD_URL_TTL_SECONDS', 3600, 1, 7 * 24 * 3600),
    downloadUrlTtlSeconds: int(env, 'DOWNLOAD_URL_TTL_SECONDS', 3600, 1, 7 * 24 * 3600),
    signingSecret: signingSecret(env),
    import: {
      timeoutMs: int(env, 'IMPORT_TIMEOUT_MS', 30_000, 100),
      allowedCidrs: (env.IMPORT_ALLOWED_CIDRS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    },
    processing: {
      concurrency: int(env, 'PROCESSING_CONCURRENCY', 4, 1, 256),
      limitInputPixels: int(env, 'PROCESSING_LIMIT_INPUT_PIXELS', 268_402_689, 1),
      lockMs: int(env, 'PROCESSING_LOCK_MS', 30_000, 1000),
      reconcileIntervalMs: int(env, 'RECONCILE_INTERVAL_MS', 60_000, 200),
      reconcileStaleMs: int(env, 'RECONCILE_STALE_MS', 120_000, 0),
      heapGrowthPercent: int(env, 'PROCESSING_HEAP_GROWTH_PERCENT', 100, 0, 400),
      embedding: {
        url: env.EMBEDDING_URL?.trim() ? url(env, 'EMBEDDING_URL', ['http:', 'https:']) : null,
        imageUrl: env.EMBEDDING_IMAGE_URL?.trim() ? url(env, 'EMBEDDING_IMAGE_URL', ['http:', 'https:']) : null,
        model: str(env, 'EMBEDDING_MODEL', 'text-embedding-3-small'),
        apiKey: env.EMBEDDING_API_KEY?.trim() || null,
        timeoutMs: int(env, 'EMBEDDING_TIMEOUT_MS', 15_000, 100),
      },
      visionTagger: {
        url: env.VISION_TAGGER_URL?.trim() ? url(env, 'VISION_TAGGER_URL', ['http:', 'https:']) : null,
        apiKey: env.VISION_TAGGER_API_KEY?.trim() || null,
        timeoutMs: int(env, 'VISION_TAGGER_TIMEOUT_MS', 15_000, 100),
      },
    },
    graphql: { introspection: bool(env, 'GRAPHQL_INTROSPECTION', true), maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, 2, 100) },
    queuePrefix: str(env, 'QUEUE_PREFIX', 'lightbox'),
    webhooks: {
      allowedCidrs: cidrs(env.WEBHOOK_ALLOWED_CIDRS ?? env.IMPORT_ALLOWED_CIDRS),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
      retryDelayMs: int(env, 'WEBHOOK_RETRY_DELAY_MS', 10_000, 10),
      disableAfterFailures: int(env, 'WEBHOOK_DISABLE_AFTER_FAILURES', 10, 1, 10_000),
    },
  };
}

function cidrs(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function signingSecret(env: Env): string {
  const v = env.SIGNING_SECRET?.trim();
  if (v) {
    if (v.length < 32) throw new ConfigError('SIGNING_SECRET', 'must be at least 32 characters');
    return v;
  }
  if (env.NODE_ENV === 'production') throw new ConfigError('SIGNING_SECRET', 'is required when NODE_ENV=production');
  // Development default: stable per database so several local replicas agree on signatures.
  return `dev-only-signing-secret:${env.DATABASE_URL ?? 'default'}`;
}
