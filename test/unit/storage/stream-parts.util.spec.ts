import { Readable } from 'node:stream';
import { streamParts } from '../../../src/infrastructure/storage/stream-parts.util';
import { patternBytes, patternStream } from './pattern-bytes';

async function collect(body: Readable, partSize: (n: number) => number): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const part of streamParts(body, partSize)) parts.push(part);
  return parts;
}

describe('streamParts', () => {
  it('cuts exact-size parts regardless of chunk boundaries, last one short', async () => {
    const parts = await collect(patternStream(10_000, { chunk: 333 }), () => 1024);
    expect(parts.map((p) => p.length)).toEqual([...Array(9).fill(1024), 10_000 - 9 * 1024]);
    expect(Buffer.concat(parts)).toEqual(patternBytes(0, 10_000));
  });

  it('handles chunks larger than a part', async () => {
    const parts = await collect(Readable.from([patternBytes(0, 5000)]), () => 2000);
    expect(parts.map((p) => p.length)).toEqual([2000, 2000, 1000]);
    expect(Buffer.concat(parts)).toEqual(patternBytes(0, 5000));
  });

  it('yields no trailing empty part for an exact multiple, one empty part for an empty stream', async () => {
    expect((await collect(patternStream(4096), () => 1024)).map((p) => p.length)).toEqual([1024, 1024, 1024, 1024]);
    expect((await collect(Readable.from([]), () => 1024)).map((p) => p.length)).toEqual([0]);
  });

  it('asks for the size of each part by number', async () => {
    const parts = await collect(patternStream(100), (n) => n * 10);
    expect(parts.map((p) => p.length)).toEqual([10, 20, 30, 40]);
  });

  it('does not read ahead more than one part while the consumer is busy', async () => {
    let produced = 0;
    const body = new Readable({
      read() {
        produced += 1000;
        this.push(produced > 1_000_000 ? null : Buffer.alloc(1000));
      },
    });
    const iterator = streamParts(body, () => 10_000);
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // One part plus at most the stream's own buffer (highWaterMark) and one chunk.
    expect(produced).toBeLessThanOrEqual(10_000 + body.readableHighWaterMark + 1000);
    await iterator.return(undefined);
  });
});
