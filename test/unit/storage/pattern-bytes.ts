import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

// Random bytes with a prime period: a shifted or misplaced range (by less than the period) cannot
// match. Built with native copies because per-byte JS loops are very slow inside Jest's VM.
const PERIOD = 1_000_003;
const TABLE = randomBytes(PERIOD);

/** Pattern bytes [start, endExclusive). */
export function patternBytes(start: number, endExclusive: number): Buffer {
  const out = Buffer.allocUnsafe(endExclusive - start);
  let filled = 0;
  while (filled < out.length) {
    const from = (start + filled) % PERIOD;
    filled += TABLE.copy(out, filled, from, Math.min(PERIOD, from + out.length - filled));
  }
  return out;
}

/**
 * A byte stream of `size` pattern bytes generated on demand (never held whole), optionally
 * failing after `failAfter` bytes to simulate a client that drops mid-upload.
 */
export function patternStream(size: number, opts: { chunk?: number; failAfter?: number } = {}): Readable {
  const chunk = opts.chunk ?? 64 * 1024;
  let offset = 0;
  return new Readable({
    read() {
      if (opts.failAfter !== undefined && offset >= opts.failAfter) {
        this.destroy(new Error('client went away'));
        return;
      }
      if (offset >= size) {
        this.push(null);
        return;
      }
      const end = Math.min(size, offset + chunk);
      this.push(patternBytes(offset, end));
      offset = end;
    },
  });
}

export function patternSha256(size: number): string {
  const hash = createHash('sha256');
  const step = 1024 * 1024;
  for (let offset = 0; offset < size; offset += step) hash.update(patternBytes(offset, Math.min(size, offset + step)));
  return hash.digest('hex');
}

/** Hash and length of a stream, consumed chunk by chunk. */
export async function digestStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
