import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { SNIFF_BYTES } from './media-types';

export class ContentTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`content exceeds the ${maxBytes}-byte limit`);
    this.name = 'ContentTooLargeError';
  }
}

/**
 * Pass-through that hashes, counts and keeps the first bytes for type sniffing while the
 * content streams to storage: one pass, constant memory. Errors once `maxBytes` is crossed.
 */
export class ContentInspector extends Transform {
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(new ContentTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.headLength < SNIFF_BYTES) {
      const take = chunk.subarray(0, SNIFF_BYTES - this.headLength);
      this.headChunks.push(take);
      this.headLength += take.length;
    }
    done(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  /** Valid once the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }
}
