import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StoragePort } from '../../infrastructure/storage/storage.port';

/** Streams an object to a private temp file for tools that need a path (ffprobe, exif readers); cleans up after. */
export class LocalCopy {
  private path: Promise<string> | null = null;
  private dir: string | null = null;

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

  async dispose(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
