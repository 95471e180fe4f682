import { Readable } from 'node:stream';

/**
 * Cuts a byte stream into parts: every part is exactly `partSize(n)` bytes except the last.
 * Pulls lazily (the stream stays paused while the consumer uploads a part), so at most one
 * part plus one source chunk is held in memory. A zero-byte stream yields one empty part.
 */
export async function* streamParts(body: Readable, partSize: (partNumber: number) => number): AsyncGenerator<Buffer> {
  let partNumber = 1;
  let target = partSize(partNumber);
  let chunks: Buffer[] = [];
  let held = 0;
  for await (const raw of body as AsyncIterable<Buffer | string>) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    while (held + chunk.length >= target) {
      const take = target - held;
      chunks.push(chunk.subarray(0, take));
      chunk = chunk.subarray(take);
      const part = Buffer.concat(chunks, target);
      chunks = [];
      held = 0;
      yield part;
      target = partSize(++partNumber);
    }
    if (chunk.length > 0) {
      chunks.push(chunk);
      held += chunk.length;
    }
  }
  if (held > 0 || partNumber === 1) yield Buffer.concat(chunks, held);
}
