import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { InvalidRangeError, SizeMismatchError } from '../../../src/infrastructure/storage/storage.errors';
import { ObjectNotFoundError, StoragePort } from '../../../src/infrastructure/storage/storage.port';
import { digestStream, patternBytes, patternSha256, patternStream, readAll } from './pattern-bytes';

const MiB = 1024 * 1024;

export interface ContractTarget {
  storage: StoragePort;
  /** Whether the adapter hands out presigned URLs (s3) or leaves signing to the api (fs). */
  presigns: boolean;
}

const UNSAFE_KEYS = ['', '/abs/key', '../escape', 'a/../../escape', 'a/./b', 'a//b', 'trailing/', 'nul\0byte', '.', '..'];

/**
 * The behaviour every StoragePort adapter must show. `setup` runs once (beforeAll) and returns
 * the adapter under test; keys live under a fresh prefix so a shared bucket is fine.
 */
export function describeStorageContract(name: string, setup: () => Promise<ContractTarget>): void {
  describe(`StoragePort contract: ${name}`, () => {
    let storage: StoragePort;
    let presigns: boolean;
    const prefix = `contract-${randomUUID()}`;
    const k = (key: string) => `${prefix}/${key}`;

    beforeAll(async () => {
      ({ storage, presigns } = await setup());
      await storage.ping();
    });

    it('round-trips a multi-MB stream byte for byte', async () => {
      const size = 3 * MiB + 12_345;
      const written = await storage.put(k('roundtrip.bin'), patternStream(size), { size, contentType: 'image/png' });
      expect(written).toBe(size);
      expect(await storage.stat(k('roundtrip.bin'))).toMatchObject({ size });
      expect(await digestStream(await storage.get(k('roundtrip.bin')))).toEqual({ sha256: patternSha256(size), size });
    });

    it('stores a stream of unknown length', async () => {
      const size = 2 * MiB + 7;
      expect(await storage.put(k('unsized.bin'), patternStream(size))).toBe(size);
      expect(await digestStream(await storage.get(k('unsized.bin')))).toEqual({ sha256: patternSha256(size), size });
    });

    it('stores an empty object', async () => {
      expect(await storage.put(k('empty.bin'), Readable.from([]))).toBe(0);
      expect(await storage.stat(k('empty.bin'))).toMatchObject({ size: 0 });
      expect((await readAll(await storage.get(k('empty.bin')))).length).toBe(0);
    });

    it('streams a large (24 MiB) generated object, sized and unsized', async () => {
      const size = 24 * MiB + 1;
      expect(await storage.put(k('large-sized.bin'), patternStream(size), { size })).toBe(size);
      expect(await storage.put(k('large-unsized.bin'), patternStream(size))).toBe(size);
      const expected = { sha256: patternSha256(size), size };
      expect(await digestStream(await storage.get(k('large-sized.bin')))).toEqual(expected);
      expect(await digestStream(await storage.get(k('large-unsized.bin')))).toEqual(expected);
    });

    it('putBytes stores a buffer (and replaces what was there), byte for byte', async () => {
      const bytes = Buffer.from(Array.from({ length: 70_001 }, (_, i) => (i * 31) % 256));
      await storage.put(k('bytes.bin'), Readable.from([Buffer.from('older and longer version')]));
      expect(await storage.putBytes(k('bytes.bin'), bytes, { contentType: 'image/webp' })).toBe(bytes.length);
      expect(await storage.stat(k('bytes.bin'))).toMatchObject({ size: bytes.length });
      expect((await readAll(await storage.get(k('bytes.bin')))).equals(bytes)).toBe(true);
      expect(await storage.putBytes(k('bytes-empty.bin'), Buffer.alloc(0))).toBe(0);
      expect(await storage.stat(k('bytes-empty.bin'))).toMatchObject({ size: 0 });
    });

    it('replaces an existing object', async () => {
      await storage.put(k('replace.bin'), Readable.from([Buffer.from('first version')]));
      await storage.put(k('replace.bin'), Readable.from([Buffer.from('v2')]));
      expect((await readAll(await storage.get(k('replace.bin')))).toString()).toBe('v2');
      expect(await storage.stat(k('replace.bin'))).toMatchObject({ size: 2 });
    });

    it('reads byte ranges (end inclusive, open-ended, clamped at the end)', async () => {
      const size = 1 * MiB + 100;
      await storage.put(k('range.bin'), patternStream(size), { size });
      const read = async (range: { start: number; end?: number }) => readAll(await storage.get(k('range.bin'), range));
      expect(await read({ start: 1000, end: 1999 })).toEqual(patternBytes(1000, 2000));
      expect(await read({ start: 0, end: 1 })).toEqual(patternBytes(0, 2));
      expect(await read({ start: 5, end: 5 })).toEqual(patternBytes(5, 6));
      expect(await read({ start: size - 50 })).toEqual(patternBytes(size - 50, size));
      expect(await read({ start: size - 10, end: size + 500 })).toEqual(patternBytes(size - 10, size));
      await expect(storage.get(k('range.bin'), { start: size })).rejects.toBeInstanceOf(InvalidRangeError);
      await expect(storage.get(k('range.bin'), { start: 10, end: 5 })).rejects.toBeInstanceOf(RangeError);
    });

    it('getBytes returns the whole object in one buffer, byte for byte (empty too)', async () => {
      const bytes = patternBytes(7, 3 * 1024 * 1024 + 17);
      await storage.putBytes(k('whole.bin'), bytes);
      const read = await storage.getBytes(k('whole.bin'));
      expect(read.length).toBe(bytes.length);
      expect(read.equals(bytes)).toBe(true);
      await storage.putBytes(k('whole-empty.bin'), Buffer.alloc(0));
      expect((await storage.getBytes(k('whole-empty.bin'))).length).toBe(0);
    });

    it('reports missing objects: stat null, get ObjectNotFoundError', async () => {
      await expect(storage.getBytes(k('missing.bin'))).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await storage.stat(k('missing.bin'))).toBeNull();
      await expect(storage.get(k('missing.bin'))).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(storage.get(k('missing.bin'), { start: 0, end: 10 })).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('copies server-side, leaving the source intact', async () => {
      const size = 1 * MiB + 3;
      await storage.put(k('copy/src.bin'), patternStream(size), { size });
      await storage.copy(k('copy/src.bin'), k('copy/nested/dst.bin'));
      const expected = { sha256: patternSha256(size), size };
      expect(await digestStream(await storage.get(k('copy/nested/dst.bin')))).toEqual(expected);
      expect(await digestStream(await storage.get(k('copy/src.bin')))).toEqual(expected);
      // The copy is independent: replacing the source leaves it unchanged.
      await storage.put(k('copy/src.bin'), Readable.from([Buffer.from('changed')]));
      expect(await storage.stat(k('copy/nested/dst.bin'))).toMatchObject({ size });
    });

    it('rejects copying a missing object', async () => {
      await expect(storage.copy(k('copy/none.bin'), k('copy/none-dst.bin'))).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await storage.stat(k('copy/none-dst.bin'))).toBeNull();
    });

    it('moves an object to a new key: the source is gone, the bytes intact', async () => {
      const size = 1 * MiB + 5;
      await storage.put(k('move/src.bin'), patternStream(size), { size });
      await storage.move(k('move/src.bin'), k('move/nested/dst.bin'));
      expect(await digestStream(await storage.get(k('move/nested/dst.bin')))).toEqual({ sha256: patternSha256(size), size });
      expect(await storage.stat(k('move/src.bin'))).toBeNull();
      await expect(storage.move(k('move/src.bin'), k('move/again.bin'))).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('deletes, and deleting again (or a never-written key) is fine', async () => {
      await storage.put(k('delete.bin'), Readable.from([Buffer.from('bye')]));
      await storage.delete(k('delete.bin'));
      expect(await storage.stat(k('delete.bin'))).toBeNull();
      await expect(storage.delete(k('delete.bin'))).resolves.toBeUndefined();
      await expect(storage.delete(k('never/written.bin'))).resolves.toBeUndefined();
    });

    it('round-trips keys with spaces, unicode and reserved characters', async () => {
      const key = k('odd names/ünï cödé+plus&amp=eq%25.bin');
      await storage.put(key, Readable.from([Buffer.from('odd')]));
      expect((await readAll(await storage.get(key))).toString()).toBe('odd');
      await storage.delete(key);
      expect(await storage.stat(key)).toBeNull();
    });

    it('rejects a body whose length differs from the declared size and stores nothing', async () => {
      await expect(storage.put(k('short.bin'), patternStream(1000), { size: 2000 })).rejects.toBeInstanceOf(SizeMismatchError);
      await expect(storage.put(k('long.bin'), patternStream(3000), { size: 2000 })).rejects.toBeInstanceOf(SizeMismatchError);
      expect(await storage.stat(k('short.bin'))).toBeNull();
      expect(await storage.stat(k('long.bin'))).toBeNull();
    });

    it('a body that fails mid-stream leaves no object and keeps the previous version', async () => {
      await expect(storage.put(k('broken.bin'), patternStream(8 * MiB, { failAfter: 3 * MiB }))).rejects.toThrow('client went away');
      expect(await storage.stat(k('broken.bin'))).toBeNull();

      await storage.put(k('kept.bin'), Readable.from([Buffer.from('good')]));
      await expect(storage.put(k('kept.bin'), patternStream(8 * MiB, { failAfter: 1 * MiB }))).rejects.toThrow('client went away');
      expect((await readAll(await storage.get(k('kept.bin')))).toString()).toBe('good');
    });

    it.each(UNSAFE_KEYS)('rejects the unsafe key %j in every operation', async (key) => {
      const ops: Array<() => Promise<unknown>> = [
        () => storage.put(key, Readable.from([Buffer.from('x')])),
        () => storage.get(key),
        () => storage.stat(key),
        () => storage.copy(key, k('safe.bin')),
        () => storage.copy(k('safe.bin'), key),
        () => storage.delete(key),
        () => storage.presignPut(key, 60),
        () => storage.presignGet(key, 60),
      ];
      for (const op of ops) await expect(op()).rejects.toThrow(/invalid storage key/);
    });

    describe('presigned URLs', () => {
      const body = patternBytes(0, 256 * 1024);

      it('presignPut: a plain fetch PUT stores the bytes', async () => {
        const key = k('presigned/put.bin');
        const req = await storage.presignPut(key, 300, 'image/webp');
        if (!presigns) {
          expect(req).toBeNull();
          return;
        }
        expect(req).not.toBeNull();
        expect(req!.method).toBe('PUT');
        expect(req!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 290_000);
        expect(req!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 300_000);
        const res = await fetch(req!.url, { method: 'PUT', headers: req!.headers, body });
        expect(res.status).toBe(200);
        expect(await storage.stat(key)).toMatchObject({ size: body.length, contentType: 'image/webp' });
        expect(await readAll(await storage.get(key))).toEqual(body);
      });

      it('presignPut: a tampered signature or key gets 403 and stores nothing', async () => {
        const key = k('presigned/tamper.bin');
        const req = await storage.presignPut(key, 300);
        if (!presigns) {
          expect(req).toBeNull();
          return;
        }
        const url = new URL(req!.url);
        const signature = url.searchParams.get('X-Amz-Signature')!;
        expect(signature).toMatch(/^[0-9a-f]{64}$/);
        const badSignature = new URL(url);
        badSignature.searchParams.set('X-Amz-Signature', flipHexChar(signature));
        const otherKey = new URL(url);
        otherKey.pathname = url.pathname.replace(/tamper\.bin$/, 'evil.bin');
        expect(otherKey.pathname).not.toBe(url.pathname);

        for (const target of [badSignature, otherKey]) {
          const res = await fetch(target, { method: 'PUT', body });
          expect(res.status).toBe(403);
          await res.arrayBuffer();
        }
        expect(await storage.stat(key)).toBeNull();
        expect(await storage.stat(k('presigned/evil.bin'))).toBeNull();
      });

      it('presignPut: an expired URL gets 403', async () => {
        const key = k('presigned/expired.bin');
        const req = await storage.presignPut(key, 1);
        if (!presigns) {
          expect(req).toBeNull();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2100));
        const res = await fetch(req!.url, { method: 'PUT', body });
        expect(res.status).toBe(403);
        expect(await storage.stat(key)).toBeNull();
      });

      it('presignGet: a plain fetch reads the bytes; a tampered URL gets 403', async () => {
        const key = k('presigned/get.bin');
        await storage.put(key, Readable.from([body]));
        const req = await storage.presignGet(key, 300);
        if (!presigns) {
          expect(req).toBeNull();
          return;
        }
        expect(req!.method).toBe('GET');
        const res = await fetch(req!.url);
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer())).toEqual(body);

        const tampered = new URL(req!.url);
        tampered.searchParams.set('X-Amz-Signature', flipHexChar(tampered.searchParams.get('X-Amz-Signature')!));
        const denied = await fetch(tampered);
        expect(denied.status).toBe(403);
        await denied.arrayBuffer();
      });

      it('rejects out-of-range expiries', async () => {
        if (!presigns) return;
        await expect(storage.presignPut(k('x.bin'), 0)).rejects.toThrow(RangeError);
        await expect(storage.presignGet(k('x.bin'), 8 * 24 * 3600)).rejects.toThrow(RangeError);
      });
    });
  });
}

function flipHexChar(hex: string): string {
  const last = hex[hex.length - 1];
  return hex.slice(0, -1) + (last === '0' ? '1' : '0');
}
