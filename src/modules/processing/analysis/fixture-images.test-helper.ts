// Test-only helpers shared by the analysis specs: fixture paths and generated edge-case images.
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { DecodedImage } from './decoded-image';
import { decodeImage } from './image-decoder';

export const FIXTURES = join(__dirname, '../../../../test/fixtures/deb');
export const LIMIT = { limitInputPixels: 100_000_000 };

export const fixture = (name: string): string => join(FIXTURES, name);
export const decodeFixture = (name: string): Promise<DecodedImage> => decodeImage(fixture(name), LIMIT);

/** The same photo as a user might re-upload it: half size, JPEG quality 60. */
export async function reencodedFixture(name: string): Promise<DecodedImage> {
  const meta = await sharp(fixture(name)).metadata();
  const jpeg = await sharp(fixture(name))
    .resize({ width: Math.round(meta.width / 2) })
    .jpeg({ quality: 60 })
    .toBuffer();
  return decodeImage(jpeg, LIMIT);
}

/** Raw RGB(A) image whose pixels come from fn(x, y). */
export function synthetic(
  width: number,
  height: number,
  channels: 3 | 4,
  fn: (x: number, y: number) => number[],
): DecodedImage {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(fn(x, y), (y * width + x) * channels);
  }
  return { data, width, height, channels, hasAlpha: channels === 4 };
}

/**
 * A valid 1-bit greyscale PNG of the declared size whose first `rows` rows are present as a
 * deflated run of zeros. rows = height makes a complete decompression bomb (a 12000² image
 * compresses to ~20 kB); fewer rows keeps a huge declared size in a few hundred bytes.
 */
export function bombPng(width: number, height: number, rows: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const rowBytes = 1 + Math.ceil(width / 8);
  const idat = deflateSync(Buffer.alloc(rowBytes * rows), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
