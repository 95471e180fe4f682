import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StoragePort } from '../../infrastructure/storage/storage.port';

/**
 * The original of one job, fetched from storage at most once: as a private temp file for tools
 * that need a path (ffprobe, exif readers), or in memory for decoders that take bytes. Cleans up after.
 */
export class LocalCopy {
  private path: Promise<string> | null = null;
  private dir: string | null = null;
  private buffer: Promise<Buffer> | null = null;

  constructor(private readonly storage: StoragePort, private readonly key: string) {}

  get(): Promise<string> {
    this.path ??= (async () => {
      this.dir = await mkdtemp(join(tmpdir(), 'lightbox-'));
      const file = join(this.dir, 'original');
      await pipeline(await this.storage.get(this.key), createWriteStream(file));
      return file;
    })();
    return this.path;
  }

  /** The whole object in memory (no temp file); reuses the temp file if one was already made. */
  bytes(): Promise<Buffer> {
    this.buffer ??= this.path ? this.path.then((p) => readFile(p)) : readAll(this.storage.get(this.key));
    return this.buffer;
  }

  async dispose(): Promise<void> {
    this.buffer = null;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

async function readAll(stream: Promise<NodeJS.ReadableStream>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}
