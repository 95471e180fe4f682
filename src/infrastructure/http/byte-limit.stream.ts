import { Transform, TransformCallback } from 'node:stream';
import { ResponseTooLargeError } from './http.errors';

/** Passes bytes through until more than `maxBytes` have been seen, then errors. */
export class ByteLimitStream extends Transform {
  private seen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxBytes) return callback(new ResponseTooLargeError(this.maxBytes));
    callback(null, chunk);
  }
}
