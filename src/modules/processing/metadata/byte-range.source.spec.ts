import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openByteSource } from './byte-range.source';
import { INPUT_KINDS, inputOf, type InputKind } from './input-kinds.test-helper';

const tmp = mkdtempSync(join(tmpdir(), 'byte-source-'));
const file = join(tmp, 'bytes.bin');
const BYTES = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
writeFileSync(file, BYTES);

describe.each<InputKind>(INPUT_KINDS)('openByteSource from a %s', (kind) => {
  it('reads ranges, clamped to the data: fewer bytes at the end, none past it', async () => {
    const source = await openByteSource(inputOf(kind, file));
    try {
      expect(source.size).toBe(100);
      expect(typeof source.input).toBe(kind === 'path' ? 'string' : 'object');
      expect([...(await source.read(10, 4))]).toEqual([10, 11, 12, 13]);
      expect([...(await source.read(97, 8))]).toEqual([97, 98, 99]);
      expect((await source.read(100, 8)).length).toBe(0);
      expect((await source.read(500, 8)).length).toBe(0);
      expect([...(await source.read(-5, 2))]).toEqual([0, 1]); // not "from the end" / "current position"
      expect((await source.read(3, 0)).length).toBe(0);
      expect((await source.read(3, -1)).length).toBe(0);
    } finally {
      await source.close();
    }
  });

  it('close never rejects, even twice', async () => {
    const source = await openByteSource(inputOf(kind, file));
    await source.close();
    await expect(source.close()).resolves.toBeUndefined();
  });
});

describe('openByteSource', () => {
  it('a Buffer source returns views of the caller\'s bytes, not copies', async () => {
    const bytes = Buffer.from(BYTES);
    const source = await openByteSource(bytes);
    const view = await source.read(20, 5);
    expect(view.buffer).toBe(bytes.buffer);
    bytes[20] = 0xff;
    expect(view[0]).toBe(0xff);
  });

  it('an unreadable path rejects at open', async () => {
    await expect(openByteSource(join(tmp, 'missing.bin'))).rejects.toThrow(/ENOENT/);
  });
});
