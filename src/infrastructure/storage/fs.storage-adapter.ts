import { randomUUID } from 'node:crypto';
import { constants as fsConstants, createWriteStream } from 'node:fs';
import { copyFile, FileHandle, mkdir, open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidRange, InvalidRangeError, SizeMismatchError } from './storage.errors';
import { assertSafeKey, ObjectNotFoundError, PresignedRequest, StoragePort, StoredObjectInfo } from './storage.port';

const READ_CHUNK_BYTES = 1024 * 1024;

const MISSING = new Set(['ENOENT', 'ENOTDIR']);
const isMissing = (err: unknown): boolean => MISSING.has((err as NodeJS.ErrnoException)?.code ?? '');

/**
 * Object storage in a local directory. Every write lands in a temp file next to its target and
 * is renamed into place, so readers see the old object or the whole new one, never a prefix.
 * No content type is kept (stat returns size only): the api sniffs types from the bytes anyway.
 */
export class FsStorageAdapter extends StoragePort {
  override readonly driver = 'fs' as const;
  private readonly root: string;
  private readonly rootPrefix: string;

  constructor(rootDir: string) {
    super();
    this.root = path.resolve(rootDir);
    this.rootPrefix = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
  }

  override async put(key: string, body: Readable, opts?: { size?: number; contentType?: string }): Promise<number> {
    const target = this.pathFor(key);
    const declared = opts?.size;
    let written = 0;
    const count = async function* (source: AsyncIterable<Buffer | string>) {
      for await (const chunk of source) {
        written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        // Stop an oversized body at once instead of writing it all out first.
        if (declared !== undefined && written > declared) throw new SizeMismatchError(key, declared, written);
        yield chunk;
      }
    };
    await this.writeAtomically(target, async (tmp) => {
      await pipeline(body, count, createWriteStream(tmp, { flags: 'wx' }));
      if (declared !== undefined && declared !== written) throw new SizeMismatchError(key, declared, written);
    });
    return written;
  }

  /** One write through one handle, fsynced, renamed into place: no stream machinery for a buffer. */
  override async putBytes(key: string, data: Buffer): Promise<number> {
    await this.writeAtomically(this.pathFor(key), async (tmp) => {
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }, { synced: true });
    return data.length;
  }

  /** One read into a buffer of the file's size (no chunks gathered and copied again). */
  override async getBytes(key: string): Promise<Buffer> {
    let fh: FileHandle;
    try {
      fh = await open(this.pathFor(key), 'r');
    } catch (err) {
      if (isMissing(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
    try {
      if (!(await fh.stat()).isFile()) throw new ObjectNotFoundError(key);
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  override async get(key: string, range?: { start: number; end?: number }): Promise<Readable> {
    const file = this.pathFor(key);
    if (range) assertValidRange(range);
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
    try {
      const info = await fh.stat();
      if (!info.isFile()) throw new ObjectNotFoundError(key);
      if (range && range.start >= info.size) throw new InvalidRangeError(key, range);
      // Reading through the open handle keeps serving this version even if a put replaces it meanwhile.
      // 1 MiB reads (not the 64 KiB default): a typical original is one or two threadpool round trips, not dozens.
      const chunking = { highWaterMark: READ_CHUNK_BYTES };
      return fh.createReadStream(range ? { ...chunking, start: range.start, end: Math.min(range.end ?? Infinity, info.size - 1) } : chunking);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  override async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const info = await stat(this.pathFor(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  override async copy(fromKey: string, toKey: string): Promise<void> {
    const source = this.pathFor(fromKey);
    const target = this.pathFor(toKey);
    await this.writeAtomically(target, async (tmp) => {
      try {
        // FICLONE makes a copy-on-write reflink where the filesystem supports it, a plain copy elsewhere.
        await copyFile(source, tmp, fsConstants.COPYFILE_FICLONE | fsConstants.COPYFILE_EXCL);
      } catch (err) {
        if (isMissing(err)) throw new ObjectNotFoundError(fromKey);
        throw err;
      }
    });
  }

  override async move(fromKey: string, toKey: string): Promise<void> {
    const source = this.pathFor(fromKey);
    const target = this.pathFor(toKey);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(source, target);
    } catch (err) {
      if (isMissing(err)) throw new ObjectNotFoundError(fromKey);
      throw err;
    }
  }

  override async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathFor(key));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  override async presignPut(key: string): Promise<PresignedRequest | null> {
    this.pathFor(key);
    return null;
  }

  override async presignGet(key: string): Promise<PresignedRequest | null> {
    this.pathFor(key);
    return null;
  }

  override async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const probe = path.join(this.root, `.ping-${randomUUID()}`);
    await writeFile(probe, 'ok');
    await unlink(probe);
  }

  /** Absolute path of a key; refuses anything that would resolve outside the root. */
  private pathFor(key: string): string {
    assertSafeKey(key);
    const resolved = path.resolve(this.root, ...key.split('/'));
    if (!resolved.startsWith(this.rootPrefix)) throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
    return resolved;
  }

  /**
   * Runs `fill` to create a fresh temp file in the target's directory (same filesystem, so the
   * rename is atomic), fsyncs it (unless `fill` did) and renames it over the target. On any
   * failure the temp file goes.
   */
  private async writeAtomically(target: string, fill: (tmp: string) => Promise<void>, opts: { synced?: boolean } = {}): Promise<void> {
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.tmp-${randomUUID()}`);
    try {
      await fill(tmp);
      if (!opts.synced) {
        const fh = await open(tmp, 'r+');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      }
      await rename(tmp, target);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}
