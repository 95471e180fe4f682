import { Client } from 'minio';
import { mkdtemp, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TestS3 {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  kind: 'env' | 'testcontainers' | 's3rver';
  stop(): Promise<void>;
}

const DEFAULT_BUCKET = 'lightbox-test';
// Overridable because the tag cannot be checked on machines without a container engine.
const MINIO_IMAGE = process.env.TEST_MINIO_IMAGE ?? 'minio/minio:RELEASE.2025-04-22T22-12-26Z';

/**
 * An S3-protocol server for tests, first that answers: `S3_ENDPOINT` from the environment →
 * MinIO in a testcontainer → in-process s3rver (verifies SigV4, no ListMultipartUploads).
 * The bucket exists when this resolves. Logs one line naming the backend.
 */
export async function startTestS3(): Promise<TestS3> {
  const fromEnv = await fromEnvironment();
  if (fromEnv) return announce(fromEnv);

  let containerFailure: string;
  try {
    return announce(await fromTestcontainers());
  } catch (err) {
    containerFailure = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  return announce(await fromS3rver(), `testcontainers unavailable: ${containerFailure}`);
}

function announce(s3: TestS3, why?: string): TestS3 {
  console.info(`[test-s3] using ${s3.kind} at ${s3.endpoint} bucket=${s3.bucket}${why ? ` (${why})` : ''}`);
  return s3;
}

async function fromEnvironment(): Promise<TestS3 | null> {
  const endpoint = process.env.S3_ENDPOINT;
  if (!endpoint) return null;
  const s3: TestS3 = {
    endpoint,
    region: process.env.S3_REGION ?? 'us-east-1',
    accessKey: requireEnv('S3_ACCESS_KEY'),
    secretKey: requireEnv('S3_SECRET_KEY'),
    bucket: process.env.S3_BUCKET ?? DEFAULT_BUCKET,
    kind: 'env',
    stop: async () => undefined,
  };
  await ensureBucket(s3);
  return s3;
}

async function fromTestcontainers(): Promise<TestS3> {
  // Loaded lazily: only this path needs it, and it is heavy to import.
  const { GenericContainer, Wait } = await import('testcontainers');
  const accessKey = 'lightbox';
  const secretKey = 'lightbox-secret';
  const container = await new GenericContainer(MINIO_IMAGE)
    .withCommand(['server', '/data'])
    .withEnvironment({ MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey })
    .withExposedPorts(9000)
    .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
    .start();
  const s3: TestS3 = {
    endpoint: `http://${container.getHost()}:${container.getMappedPort(9000)}`,
    region: 'us-east-1',
    accessKey,
    secretKey,
    bucket: DEFAULT_BUCKET,
    kind: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
  try {
    await ensureBucket(s3);
  } catch (err) {
    await s3.stop();
    throw err;
  }
  return s3;
}

async function fromS3rver(): Promise<TestS3> {
  // s3rver ships no types; the constructor options used are documented in its lib/s3rver.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('@20minutes/s3rver') as new (opts: Record<string, unknown>) => {
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  };
  const directory = await mkdtemp(path.join(tmpdir(), 'lightbox-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // The built-in account is S3RVER/S3RVER; every signed request is checked against it.
    configureBuckets: [{ name: DEFAULT_BUCKET }],
  });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    region: 'us-east-1',
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    bucket: DEFAULT_BUCKET,
    kind: 's3rver',
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function ensureBucket(s3: TestS3): Promise<void> {
  const url = new URL(s3.endpoint);
  const useSSL = url.protocol === 'https:';
  const client = new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    region: s3.region,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    pathStyle: true,
  });
  if (!(await client.bucketExists(s3.bucket))) await client.makeBucket(s3.bucket, s3.region);
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`S3_ENDPOINT is set but ${name} is missing`);
  return value;
}
