import { Readable } from 'node:stream';

export interface StoredObjectInfo {
  size: number;
  contentType?: string;
}

export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * Object storage port. Adapters are stream-first: apart from putBytes and getBytes (objects a caller
 * holds in memory anyway: renditions it made, an original under the processing job's in-memory cap),
 * no method takes or returns a whole-file buffer, so memory stays flat whatever the object size.
 * Keys are '/'-separated relative paths (e.g. `originals/ab/abcdef…`); adapters reject
 * keys containing `..`, a leading `/` or a NUL byte.
 */
export abstract class StoragePort {
  abstract readonly driver: 'fs' | 's3';

  /** Streams `body` to `key`, replacing any existing object. Resolves with bytes written. */
  abstract put(key: string, body: Readable, opts?: { size?: number; contentType?: string }): Promise<number>;

  /** Writes bytes already in memory (small objects this process made: renditions). Resolves with bytes written. */
  putBytes(key: string, data: Buffer, opts?: { contentType?: string }): Promise<number> {
    return this.put(key, Readable.from([data]), { size: data.length, contentType: opts?.contentType });
  }

  /** A readable stream of the object (optionally a byte range, end inclusive). Rejects with ObjectNotFoundError. */
  abstract get(key: string, range?: { start: number; end?: number }): Promise<Readable>;

  /**
   * The whole object in one buffer, for callers that hold it in memory anyway (the processing job's
   * original, under its size cap). Rejects with ObjectNotFoundError. Adapters that can size the
   * buffer up front read straight into it; the default gathers the stream.
   */
  async getBytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.get(key)) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
    return Buffer.concat(chunks);
  }

  /** Size (and content type where known), or null when the object does not exist. */
  abstract stat(key: string): Promise<StoredObjectInfo | null>;

  /** Server-side copy (s3 CopyObject / fs copy); no bytes through this process where the backend allows. */
  abstract copy(fromKey: string, toKey: string): Promise<void>;

  /**
   * Moves an object to a new key (fs: an atomic rename, no bytes copied; s3: server-side copy + delete).
   * Rejects with ObjectNotFoundError when the source is missing.
   */
  abstract move(fromKey: string, toKey: string): Promise<void>;

  /** Deletes the object; deleting a missing object is not an error. */
  abstract delete(key: string): Promise<void>;

  /**
   * A presigned PUT the client can send the bytes to directly, or null when the adapter cannot
   * presign (fs: the api then issues its own signed `PUT /uploads/:token`).
   */
  abstract presignPut(key: string, expiresInSeconds: number, contentType?: string): Promise<PresignedRequest | null>;

  /** A presigned GET, or null when the adapter cannot presign (fs: the api signs its own GET URL). */
  abstract presignGet(key: string, expiresInSeconds: number): Promise<PresignedRequest | null>;

  /** Throws when the backend is unreachable (used by /health/ready). Creates the bucket/dir if missing. */
  abstract ping(): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object not found: ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}

export function assertSafeKey(key: string): void {
  if (!key || key.startsWith('/') || key.includes('\0') || key.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
  }
}
