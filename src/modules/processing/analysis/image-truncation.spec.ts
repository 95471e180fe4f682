import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { fixture, FIXTURES } from './fixture-images.test-helper';
import { classifyDecodeFailure } from './image-decode.error';
import { findTruncation } from './image-truncation';

const ALL_FIXTURES = join(FIXTURES, '..');
const images = ['deb', 'c2pa', 'genpng'].flatMap((dir) =>
  readdirSync(join(ALL_FIXTURES, dir))
    .filter((f) => /\.(jpe?g|png|webp)$/.test(f) && !f.includes('truncated'))
    .map((f) => join(ALL_FIXTURES, dir, f)),
);

describe('findTruncation', () => {
  it.each(images)('finds nothing missing in a complete file: %s', (path) => {
    expect(findTruncation(readFileSync(path))).toBeNull();
  });

  it('reports the truncated JPEG fixture', () => {
    const bytes = readFileSync(fixture('skimage_truncated.jpg'));
    expect(findTruncation(bytes)).toBe(`JPEG data ends at byte ${bytes.length}, before its end-of-image marker`);
  });

  it('reports a JPEG cut anywhere: in its header segments, in its scan data, just before EOI', () => {
    const full = readFileSync(fixture('skimage_rocket.jpg'));
    for (const at of [3, 4, 20, 300, Math.floor(full.length / 2), full.length - 2, full.length - 1]) {
      expect(findTruncation(full.subarray(0, at))).toMatch(/^JPEG data ends at byte \d+, before its end-of-image marker$/);
    }
  });

  it('walks every scan of a progressive JPEG, and accepts bytes after EOI', async () => {
    const src = fixture('skimage_astronaut.png');
    const progressive = await sharp(src).jpeg({ progressive: true }).toBuffer();
    expect(findTruncation(progressive)).toBeNull();
    expect(findTruncation(progressive.subarray(0, Math.floor(progressive.length * 0.7)))).toMatch(/^JPEG/);
    expect(findTruncation(Buffer.concat([progressive, Buffer.from('trailing vendor data')]))).toBeNull();
  });

  it('reports a PNG cut before IEND, and a WebP shorter than its RIFF header says', async () => {
    const png = readFileSync(fixture('skimage_astronaut.png'));
    expect(findTruncation(png.subarray(0, png.length - 12))).toBe(`PNG data ends at byte ${png.length - 12}, before its IEND chunk`);
    expect(findTruncation(png.subarray(0, 40))).toMatch(/^PNG data ends at byte 40/);
    const webp = await sharp(fixture('skimage_astronaut.png')).webp().toBuffer();
    expect(findTruncation(webp)).toBeNull();
    expect(findTruncation(webp.subarray(0, 1000))).toBe(`WebP data ends at byte 1000; its RIFF header declares ${webp.length} bytes`);
  });

  it('does not call damage that is not a cut truncation: a missing marker, garbage after the signature, another format', () => {
    const jpeg = Buffer.from(readFileSync(fixture('skimage_rocket.jpg')));
    jpeg[2 + 2 + jpeg.readUInt16BE(4)] = 0x00; // where the second marker should start
    expect(findTruncation(jpeg)).toBeNull();
    const png = readFileSync(fixture('skimage_astronaut.png'));
    // Garbage after a signature is corrupt, whatever length its first "chunk" or "segment" would declare.
    // Seeded: about one garbage tail in a thousand after FF D8 FF 01 (a real TEM marker) happens to
    // continue as a valid segment header whose length runs past the end, which is a cut-off file.
    const garbage = seededBytes(0x1b0c5);
    for (let n = 0; n < 200; n++) {
      expect(findTruncation(Buffer.concat([png.subarray(0, 8), garbage(512)]))).toBeNull();
      expect(findTruncation(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, n % 0xc0]), garbage(512)]))).toBeNull();
    }
    expect(findTruncation(Buffer.from('GIF89a……'))).toBeNull();
    expect(findTruncation(Buffer.alloc(0))).toBeNull();
  });
});

describe('classifyDecodeFailure', () => {
  const cut = readFileSync(fixture('skimage_truncated.jpg'));

  it('names a cut-off file truncated even when the decoder message lost its detail (libvips error buffer race)', async () => {
    const err = await classifyDecodeFailure(new Error('Input buffer has corrupt header: '), cut);
    expect(err.reason).toBe('truncated');
    expect(err.message).toBe(`Image data is truncated (JPEG data ends at byte ${cut.length}, before its end-of-image marker)`);
  });

  it('reads the file when given a path', async () => {
    const err = await classifyDecodeFailure(new Error('VipsJpeg: Bogus Huffman table definition'), fixture('skimage_truncated.jpg'));
    expect(err.reason).toBe('truncated');
  });

  it('keeps the decoder reason for a complete file, and reasons decided before decoding', async () => {
    const whole = readFileSync(fixture('skimage_rocket.jpg'));
    expect((await classifyDecodeFailure(new Error('VipsJpeg: Bogus marker length'), whole)).reason).toBe('corrupt');
    expect((await classifyDecodeFailure(new Error('Input image exceeds pixel limit'), cut)).reason).toBe('too_many_pixels');
    expect((await classifyDecodeFailure(new Error('Input file is missing: /nope'), '/nope/x.jpg')).reason).toBe('not_found');
  });
});

/** Repeatable pseudo-random bytes (xorshift32). */
function seededBytes(seed: number): (n: number) => Buffer {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}
