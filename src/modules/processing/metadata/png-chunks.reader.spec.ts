import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { openByteSource } from './byte-range.source';
import { INPUT_KINDS, inputOf, type InputKind } from './input-kinds.test-helper';
import { readPngChunks, type PngChunkScan } from './png-chunks.reader';

const GENPNG = join(__dirname, '../../../../test/fixtures/genpng');
const tmp = mkdtempSync(join(tmpdir(), 'png-chunks-'));

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); // CRC is not checked
}

function ihdr(w: number, h: number, colorType = 6): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(w, 0);
  d.writeUInt32BE(h, 4);
  d[8] = 8;
  d[9] = colorType;
  return chunk('IHDR', d);
}

const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.each<InputKind>(INPUT_KINDS)('readPngChunks from a %s', (kind) => {
  const readPngFile = async (file: string): Promise<PngChunkScan> => {
    const source = await openByteSource(inputOf(kind, file));
    try {
      return await readPngChunks(source);
    } finally {
      await source.close();
    }
  };

  it('reads tEXt chunks and IHDR (A1111 fixture)', async () => {
    const scan = await readPngFile(join(GENPNG, 'sdparsers_automatic1111_cropped.png'));
    expect(scan).toMatchObject({ isPng: true, width: 1, height: 1, reachedIend: true, errors: [] });
    expect(scan.texts).toHaveLength(1);
    expect(scan.texts[0]).toMatchObject({ keyword: 'parameters', chunk: 'tEXt', afterIdat: false });
    expect(scan.texts[0].text.startsWith('photo of a duck\nNegative prompt: monochrome\nSteps: 15')).toBe(true);
  });

  it('inflates a zTXt placed after IDAT (text_after_idat fixture)', async () => {
    const scan = await readPngFile(join(GENPNG, 'sdparsers_text_after_idat.png'));
    const params = scan.texts.find((t) => t.keyword === 'parameters')!;
    expect(params).toMatchObject({ chunk: 'zTXt', afterIdat: true });
    expect(params.text).toContain('Model: realistic_realisticVisionV20_v20');
    expect(scan.texts.map((t) => t.keyword)).toEqual(['date:create', 'date:modify', 'date:timestamp', 'filename:d', 'filename:e', 'filename:f', 'parameters']);
  });

  it('reads both compressed and uncompressed iTXt (UTF-8), and flags caBX', async () => {
    const itxt = (kw: string, text: string, compressed: boolean) =>
      chunk('iTXt', Buffer.concat([Buffer.from(`${kw}\0${compressed ? '\x01' : '\x00'}\0en\0Titel\0`, 'latin1'), compressed ? deflateSync(Buffer.from(text)) : Buffer.from(text)]));
    const file = join(tmp, 'itxt.png');
    writeFileSync(file, Buffer.concat([SIG, ihdr(2, 2), chunk('caBX', Buffer.alloc(10)), itxt('a', 'ünïcødé ✓', false), chunk('IDAT', Buffer.alloc(100)), itxt('b', 'zipped ✓', true), chunk('IEND', Buffer.alloc(0))]));
    const scan = await readPngFile(file);
    expect(scan.hasC2pa).toBe(true);
    expect(scan.texts).toEqual([
      { keyword: 'a', text: 'ünïcødé ✓', chunk: 'iTXt', languageTag: 'en', translatedKeyword: 'Titel', afterIdat: false },
      { keyword: 'b', text: 'zipped ✓', chunk: 'iTXt', languageTag: 'en', translatedKeyword: 'Titel', afterIdat: true },
    ]);
  });

  it('returns what it got from truncated or corrupt files without throwing', async () => {
    const full = readFileSync(join(GENPNG, 'sdparsers_novelai1_cropped.png'));
    const cut = join(tmp, 'cut.png');
    writeFileSync(cut, full.subarray(0, 240)); // inside the Comment chunk (starts at byte 209)
    const scan = await readPngFile(cut);
    expect(scan.reachedIend).toBe(false);
    expect(scan.texts.map((t) => t.keyword)).toEqual(['Title', 'Description', 'Software', 'Source']);
    expect(scan.errors.join()).toMatch(/truncated/);

    const corrupt = join(tmp, 'corrupt.png');
    writeFileSync(corrupt, Buffer.concat([SIG, ihdr(1, 1), Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4])]));
    expect((await readPngFile(corrupt)).errors.join()).toMatch(/corrupt/);

    const badZ = join(tmp, 'badz.png');
    writeFileSync(badZ, Buffer.concat([SIG, ihdr(1, 1), chunk('zTXt', Buffer.from('k\0\0notzlib')), chunk('tEXt', Buffer.from('ok\0yes')), chunk('IEND', Buffer.alloc(0))]));
    const z = await readPngFile(badZ);
    expect(z.texts).toEqual([{ keyword: 'ok', text: 'yes', chunk: 'tEXt', afterIdat: false }]);
    expect(z.errors.join()).toMatch(/zTXt/);

    const empty = join(tmp, 'empty.png');
    writeFileSync(empty, '');
    expect(await readPngFile(empty)).toMatchObject({ isPng: false, errors: [] });
    expect(await readPngFile(join(GENPNG, 'sdparsers_automatic1111_cropped.jpg'))).toMatchObject({ isPng: false, texts: [] });
  });

  it('skips IDAT without reading it (large pixel payload declared, file ends early)', async () => {
    const file = join(tmp, 'huge-idat.png');
    const idatHeader = Buffer.alloc(8);
    idatHeader.writeUInt32BE(0x7000_0000);
    idatHeader.write('IDAT', 4, 'latin1');
    writeFileSync(file, Buffer.concat([SIG, ihdr(1, 1), chunk('tEXt', Buffer.from('k\0v')), idatHeader]));
    const scan = await readPngFile(file);
    expect(scan.texts).toHaveLength(1);
    expect(scan.errors).toEqual(['truncated: no IEND']);
  });
});
