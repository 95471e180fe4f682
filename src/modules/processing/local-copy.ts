import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StoragePort } from '../../infrastructure/storage/storage.port';

/** Originals up to this size are held in memory and written to the temp file in one write. */
export const IN_MEMORY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The original of one job, fetched from storage at most once: as a private temp file for tools
 * that need a path (ffprobe, exif readers), or in memory for decoders that take bytes. Cleans up after.
 * A small original is read into memory once and written with a single write (not chunk by chunk:
 * each chunk is a libuv threadpool round trip, queued behind sharp's work), and both views share it.
 */
export class LocalCopy {
  private path: Promise<string> | null = null;
  private dir: string | null = null;
  private buffer: Promise<Buffer> | null = null;

  constructor(private readonly storage: StoragePort, private readonly key: string, private readonly size?: number) {}

  get(): Promise<string> {
    this.path ??= (async () => {
      const small = this.size !== undefined && this.size <= IN_MEMORY_MAX_BYTES;
      const [dir, bytes] = await Promise.all([mkdtemp(join(tmpdir(), 'lightbox-')), small ? this.bytes() : null]);
      this.dir = dir;
      const file = join(dir, 'original');
      if (bytes) await writeFile(file, bytes);
      else await pipeline(await this.storage.get(this.key), createWriteStream(file));
      return file;
    })();
    return this.path;
  }

  /** The cheapest input for readers that take either: the bytes when the original fits in memory, else the temp file. */
  source(): Promise<Buffer | string> {
    return this.size !== undefined && this.size <= IN_MEMORY_MAX_BYTES ? this.bytes() : this.get();
  }

  /** The whole object in memory (no temp file); reuses the temp file if one was already made. */
  bytes(): Promise<Buffer> {
    this.buffer ??= this.path ? this.path.then((p) => readFile(p)) : this.storage.getBytes(this.key);
    return this.buffer;
  }

  async dispose(): Promise<void> {
    this.buffer = null;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
