import { open, type FileHandle } from 'node:fs/promises';

/**
 * Random access to one original's bytes, whether it is a file on disk or already in memory, so
 * each metadata reader has one code path for both. Reads past the end return fewer bytes.
 */
export interface ByteSource {
  readonly size: number;
  /** What it was opened from, for libraries that take a path or bytes themselves (exifr, sharp, the C2PA worker). */
  readonly input: string | Buffer;
  /** Up to `length` bytes at `offset`. A Buffer source returns a view, not a copy: callers must not write to it. */
  read(offset: number, length: number): Promise<Buffer>;
  /** Never rejects. */
  close(): Promise<void>;
}

/**
 * A Buffer is wrapped as is (no fs call at all). A path is opened once and read with positional
 * reads, so a multi-GB video is never loaded whole. Rejects only when the path cannot be opened.
 */
export async function openByteSource(input: string | Buffer): Promise<ByteSource> {
  if (typeof input !== 'string') return bufferSource(input);
  const handle = await open(input, 'r');
  try {
    return fileSource(input, handle, (await handle.stat()).size);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    input: bytes,
    read: async (offset, length) => bytes.subarray(...span(offset, length, bytes.length)),
    close: async () => undefined,
  };
}

function fileSource(path: string, handle: FileHandle, size: number): ByteSource {
  return {
    size,
    input: path,
    read: async (offset, length) => {
      const [start, end] = span(offset, length, size);
      const buf = Buffer.alloc(end - start);
      if (!buf.length) return buf;
      const { bytesRead } = await handle.read(buf, 0, buf.length, start);
      return buf.subarray(0, bytesRead);
    },
    close: () => handle.close().catch(() => undefined),
  };
}

/** [start, end) clamped to the data; a negative offset would mean "current position" to fs and "from the end" to subarray. */
function span(offset: number, length: number, size: number): [number, number] {
  const start = Math.min(Math.max(0, offset), size);
  return [start, Math.min(size, start + Math.max(0, length))];
}
