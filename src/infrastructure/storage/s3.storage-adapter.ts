import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import { Readable } from 'node:stream';
import { streamParts } from './stream-parts.util';
import { assertValidRange, InvalidRangeError, SizeMismatchError } from './storage.errors';
import { assertSafeKey, ObjectNotFoundError, PresignedRequest, StoragePort, StoredObjectInfo } from './storage.port';

export interface S3StorageOptions {
  /** Full URL of the S3 API, e.g. `http://127.0.0.1:9000` (no path). */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  /** Where clients reach the same service, when it differs from `endpoint` (e.g. inside docker). Used to presign only. */
  publicEndpoint?: string;
  /** Upload part size in bytes (S3 minimum 5 MiB). Memory per put is about one part. Default 16 MiB. */
  partSize?: number;
  /** How long `ping` waits before declaring the backend unreachable. Default 5 s. */
  pingTimeoutMs?: number;
}

const MiB = 1024 * 1024;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PART_SIZE = 5 * 1024 * MiB;
const MAX_PARTS = 10_000;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
// Socket-level failures worth one replay: typically a pooled keep-alive socket the server had closed.
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE']);

const errorCode = (err: unknown): string | undefined => (err as { code?: string } | null)?.code;

/**
 * Object storage on any S3 API (MinIO, AWS, R2, s3rver in tests) through the `minio` client.
 *
 * Uploads do their own multipart instead of `client.putObject`, whose stream path first calls
 * ListMultipartUploads (missing on s3rver) and may resume another writer's upload of the same key.
 * Parts go up one at a time, so memory stays at one part whatever the object size.
 */
export class S3StorageAdapter extends StoragePort {
  override readonly driver = 's3' as const;
  private readonly client: Client;
  private readonly signer: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly partSize: number;
  private readonly pingTimeoutMs: number;

  constructor(opts: S3StorageOptions) {
    super();
    this.bucket = opts.bucket;
    this.region = opts.region;
    this.partSize = opts.partSize ?? 16 * MiB;
    if (this.partSize < MIN_PART_SIZE || this.partSize > MAX_PART_SIZE) {
      throw new RangeError(`partSize must be between 5 MiB and 5 GiB, got ${this.partSize}`);
    }
    this.pingTimeoutMs = opts.pingTimeoutMs ?? 5000;
    this.client = createClient(opts.endpoint, opts);
    // Presigning is offline (region is fixed), so a second client costs nothing.
    this.signer = opts.publicEndpoint ? createClient(opts.publicEndpoint, opts) : this.client;
  }

  override async put(key: string, body: Readable, opts?: { size?: number; contentType?: string }): Promise<number> {
    assertSafeKey(key);
    const headers: Record<string, string> = opts?.contentType ? { 'Content-Type': opts.contentType } : {};
    const partSize = this.partSizer(opts?.size);
    const parts = streamParts(body, partSize);
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    let total = firstPart.length;

    // Shorter than a part: it is the whole object, one PutObject.
    if (firstPart.length < partSize(1)) {
      checkSize(key, opts?.size, total, true);
      await retryOnce(() => this.client.putObject(this.bucket, key, firstPart, firstPart.length, headers));
      return total;
    }

    const uploadId = await retryOnce(() => this.client.initiateNewMultipartUpload(this.bucket, key, headers));
    try {
      const etags: { part: number; etag: string }[] = [];
      const upload = async (part: Buffer) => {
        const partNumber = etags.length + 1;
        if (partNumber > MAX_PARTS) throw new Error(`object ${key} needs more than ${MAX_PARTS} parts`);
        const res = await retryOnce(() =>
          this.client.uploadPart({ bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber, headers: {} }, part),
        );
        etags.push({ part: partNumber, etag: res.etag });
      };
      await upload(firstPart);
      for await (const part of parts) {
        total += part.length;
        checkSize(key, opts?.size, total, false);
        await upload(part);
      }
      checkSize(key, opts?.size, total, true);
      await this.client.completeMultipartUpload(this.bucket, key, uploadId, etags);
      return total;
    } catch (err) {
      // Best effort: leftovers are also reclaimable by a bucket lifecycle rule (AbortIncompleteMultipartUpload).
      await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
      body.destroy();
      throw err;
    }
  }

  override async get(key: string, range?: { start: number; end?: number }): Promise<Readable> {
    assertSafeKey(key);
    if (range) assertValidRange(range);
    try {
      if (!range || (range.start === 0 && range.end === undefined)) {
        return await retryOnce(() => this.client.getObject(this.bucket, key));
      }
      // length 0 means "to the end" for minio.
      const length = range.end === undefined ? 0 : range.end - range.start + 1;
      return await retryOnce(() => this.client.getPartialObject(this.bucket, key, range.start, length));
    } catch (err) {
      if (NOT_FOUND_CODES.has(errorCode(err) ?? '')) throw new ObjectNotFoundError(key);
      if (errorCode(err) === 'InvalidRange' && range) throw new InvalidRangeError(key, range);
      throw err;
    }
  }

  override async stat(key: string): Promise<StoredObjectInfo | null> {
    assertSafeKey(key);
    try {
      const info = await retryOnce(() => this.client.statObject(this.bucket, key));
      const contentType = (info.metaData as Record<string, unknown>)['content-type'];
      return typeof contentType === 'string' ? { size: info.size, contentType } : { size: info.size };
    } catch (err) {
      if (NOT_FOUND_CODES.has(errorCode(err) ?? '')) return null;
      throw err;
    }
  }

  override async move(fromKey: string, toKey: string): Promise<void> {
    await this.copy(fromKey, toKey);
    await this.delete(fromKey);
  }

  override async copy(fromKey: string, toKey: string): Promise<void> {
    assertSafeKey(fromKey);
    assertSafeKey(toKey);
    try {
      // composeObject does a plain CopyObject up to 5 GiB and UploadPartCopy above (CopyObject's limit).
      const done = await retryOnce(() =>
        this.client.composeObject(new CopyDestinationOptions({ Bucket: this.bucket, Object: toKey }), [
          new CopySourceOptions({ Bucket: this.bucket, Object: fromKey }),
        ]),
      );
      if (done === false) throw new Error(`copy ${fromKey} -> ${toKey}: invalid copy options`);
    } catch (err) {
      if (NOT_FOUND_CODES.has(errorCode(err) ?? '')) throw new ObjectNotFoundError(fromKey);
      throw err;
    }
  }

  override async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await retryOnce(() => this.client.removeObject(this.bucket, key));
    } catch (err) {
      if (!NOT_FOUND_CODES.has(errorCode(err) ?? '')) throw err;
    }
  }

  override async presignPut(key: string, expiresInSeconds: number, contentType?: string): Promise<PresignedRequest> {
    const { url, expiresAt } = await this.presign('PUT', key, expiresInSeconds);
    // Content-Type is not part of the signature (minio signs `host` only): advisory, sets the stored type.
    return { url, method: 'PUT', headers: contentType ? { 'Content-Type': contentType } : {}, expiresAt };
  }

  override async presignGet(key: string, expiresInSeconds: number): Promise<PresignedRequest> {
    const { url, expiresAt } = await this.presign('GET', key, expiresInSeconds);
    return { url, method: 'GET', headers: {}, expiresAt };
  }

  override async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`s3 ping timed out after ${this.pingTimeoutMs} ms`)), this.pingTimeoutMs);
    });
    try {
      await Promise.race([this.ensureBucket(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async ensureBucket(): Promise<void> {
    if (await retryOnce(() => this.client.bucketExists(this.bucket))) return;
    try {
      await this.client.makeBucket(this.bucket, this.region);
    } catch (err) {
      // Another replica may have created it between the two calls.
      if (errorCode(err) !== 'BucketAlreadyOwnedByYou' && errorCode(err) !== 'BucketAlreadyExists') throw err;
    }
  }

  private async presign(method: 'PUT' | 'GET', key: string, expiresInSeconds: number): Promise<{ url: string; expiresAt: Date }> {
    assertSafeKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer in 1..${MAX_PRESIGN_SECONDS}`);
    }
    const signedAt = new Date();
    const url = await this.signer.presignedUrl(method, this.bucket, key, expiresInSeconds, {}, signedAt);
    return { url, expiresAt: new Date(signedAt.getTime() + expiresInSeconds * 1000) };
  }

  /**
   * Part size for part n. A known size gets a fixed size that fits in 10,000 parts; an unknown
   * size starts at `partSize` and doubles every 1,000 parts so it never runs out of parts.
   */
  private partSizer(size: number | undefined): (partNumber: number) => number {
    if (size !== undefined) {
      const fixed = Math.min(MAX_PART_SIZE, Math.max(this.partSize, Math.ceil(size / MAX_PARTS / MiB) * MiB));
      return () => fixed;
    }
    return (n) => Math.min(MAX_PART_SIZE, this.partSize * 2 ** Math.floor((n - 1) / 1000));
  }
}

function createClient(endpoint: string, opts: S3StorageOptions): Client {
  const url = new URL(endpoint);
  if (url.pathname !== '/' || url.search) throw new Error(`s3 endpoint must be a bare origin, got ${endpoint}`);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    region: opts.region,
    accessKey: opts.accessKey,
    secretKey: opts.secretKey,
    pathStyle: true,
  });
}

/** Rejects as soon as a body overruns its declared size, and at the end when it falls short. */
function checkSize(key: string, expected: number | undefined, actual: number, final: boolean): void {
  if (expected === undefined) return;
  if (actual > expected || (final && actual !== expected)) throw new SizeMismatchError(key, expected, actual);
}

/**
 * Runs a replay-safe request, retrying once on a socket reset: minio-js retries some HTTP
 * statuses but not network errors. Not used for CompleteMultipartUpload, which is not replayable.
 */
async function retryOnce<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (!TRANSIENT_CODES.has(errorCode(err) ?? '')) throw err;
    return request();
  }
}
