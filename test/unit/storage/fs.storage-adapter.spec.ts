import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { FsStorageAdapter } from '../../../src/infrastructure/storage/fs.storage-adapter';
import { patternStream, readAll } from './pattern-bytes';
import { describeStorageContract } from './storage-contract';

jest.setTimeout(60_000);

const dirs: string[] = [];
async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lightbox-fs-storage-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every file under `dir`, relative, recursively. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describeStorageContract('fs', async () => ({ storage: new FsStorageAdapter(path.join(await tempRoot(), 'objects')), presigns: false }));

describe('FsStorageAdapter specifics', () => {
  it('lays keys out as paths under the root and leaves no temp files behind', async () => {
    const root = await tempRoot();
    const storage = new FsStorageAdapter(root);
    await storage.put('originals/ab/abcdef', Readable.from([Buffer.from('blob')]));
    await storage.copy('originals/ab/abcdef', 'thumbs/ab/abcdef.webp');
    await storage.putBytes('thumbs/cd/cdef.webp', Buffer.from('webp'));
    await expect(storage.putBytes('../escape', Buffer.from('x'))).rejects.toThrow('invalid storage key');
    await expect(storage.put('originals/ab/broken', patternStream(4_000_000, { failAfter: 1_000_000 }))).rejects.toThrow();
    await expect(storage.put('originals/ab/short', patternStream(10), { size: 11 })).rejects.toThrow();
    expect(await listFiles(root)).toEqual(['originals/ab/abcdef', 'thumbs/ab/abcdef.webp', 'thumbs/cd/cdef.webp']);
  });

  it('never shows a half-written object while a put is in flight', async () => {
    const root = await tempRoot();
    const storage = new FsStorageAdapter(root);
    await storage.put('live.bin', Readable.from([Buffer.from('old')]));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = Readable.from(
      (async function* () {
        yield Buffer.alloc(100_000, 1);
        await gate;
        yield Buffer.alloc(100_000, 2);
      })(),
    );
    const pending = storage.put('live.bin', slow);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Mid-write: readers still get the complete old object.
    expect(await storage.stat('live.bin')).toEqual({ size: 3 });
    expect((await readAll(await storage.get('live.bin'))).toString()).toBe('old');
    release();
    expect(await pending).toBe(200_000);
    expect(await storage.stat('live.bin')).toEqual({ size: 200_000 });
  });

  it('a reader that opened the old version keeps reading it across a replace', async () => {
    const storage = new FsStorageAdapter(await tempRoot());
    await storage.put('v.bin', Readable.from([Buffer.alloc(1_000_000, 7)]));
    const reader = await storage.get('v.bin');
    await storage.put('v.bin', Readable.from([Buffer.from('new')]));
    const old = await readAll(reader);
    expect(old.length).toBe(1_000_000);
    expect(old.every((b) => b === 7)).toBe(true);
  });

  it('treats a directory as no object', async () => {
    const storage = new FsStorageAdapter(await tempRoot());
    await storage.put('dir/child.bin', Readable.from([Buffer.from('x')]));
    expect(await storage.stat('dir')).toBeNull();
    await expect(storage.get('dir')).rejects.toThrow('object not found');
    await expect(storage.getBytes('dir')).rejects.toThrow('object not found');
  });

  it('cannot reach outside the root, even through sibling names sharing its prefix', async () => {
    const parent = await tempRoot();
    const root = path.join(parent, 'store');
    await writeFile(path.join(parent, 'secret.txt'), 'secret');
    const storage = new FsStorageAdapter(root);
    await expect(storage.get('../secret.txt')).rejects.toThrow(/invalid storage key/);
    await expect(storage.put('../store-evil/x', Readable.from([Buffer.from('x')]))).rejects.toThrow(/invalid storage key/);
    expect((await listFiles(parent)).sort()).toEqual(['secret.txt']);
  });

  it('ping creates the root and leaves it empty', async () => {
    const root = path.join(await tempRoot(), 'a', 'b');
    await new FsStorageAdapter(root).ping();
    expect(await readdir(root)).toEqual([]);
  });

  it('ping throws when the root cannot be created', async () => {
    const parent = await tempRoot();
    await writeFile(path.join(parent, 'file'), 'not a dir');
    await expect(new FsStorageAdapter(path.join(parent, 'file', 'root')).ping()).rejects.toThrow();
  });
});
