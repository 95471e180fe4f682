import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { bombPng, decodeFixture, fixture, LIMIT } from './fixture-images.test-helper';
import { ImageDecodeError, ImageDecodeReason } from './image-decode.error';
import { decodeImage } from './image-decoder';

async function expectDecodeError(promise: Promise<unknown>, reason: ImageDecodeReason): Promise<ImageDecodeError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected rejection with reason ${reason}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageDecodeError);
  expect((err as ImageDecodeError).reason).toBe(reason);
  expect((err as ImageDecodeError).message.length).toBeGreaterThan(10);
  return err as ImageDecodeError;
}

describe('decodeImage', () => {
  it('decodes an RGB PNG to raw 3-channel pixels', async () => {
    const img = await decodeFixture('skimage_astronaut.png');
    expect(img).toMatchObject({ width: 512, height: 512, channels: 3, hasAlpha: false });
    expect(img.data.length).toBe(512 * 512 * 3);
  });

  it('expands greyscale to sRGB and keeps alpha as a 4th channel', async () => {
    const grey = await decodeFixture('skimage_camera.png');
    expect(grey).toMatchObject({ channels: 3, hasAlpha: false });
    const [r, g, b] = grey.data.subarray(0, 3);
    expect(r).toBe(g);
    expect(g).toBe(b);

    const rgba = await decodeFixture('openclipart_balloon-red-aj.png');
    expect(rgba).toMatchObject({ width: 600, height: 1100, channels: 4, hasAlpha: true });
    expect(rgba.data[3]).toBe(0); // the corner is transparent background
  });

  it('applies EXIF orientation (6 = rotate 90° clockwise)', async () => {
    // Stored 300×200: left half red, right half blue. Displayed 200×300 with red on top.
    const left = { create: { width: 150, height: 200, channels: 3 as const, background: '#ff0000' } };
    const stored = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#0000ff' } })
      .composite([{ input: await sharp(left).png().toBuffer(), left: 0, top: 0 }])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);

    const img = await decodeImage(stored, LIMIT);
    expect([img.width, img.height]).toEqual([200, 300]);
    const at = (x: number, y: number) => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];
    expect(at(100, 20)[0]).toBeGreaterThan(200); // top is red
    expect(at(100, 280)[2]).toBeGreaterThan(200); // bottom is blue
  });

  it('normalises 16-bit and CMYK input to 8-bit sRGB', async () => {
    const reference = await decodeFixture('skimage_astronaut.png');
    const png16 = await sharp(fixture('skimage_astronaut.png')).toColourspace('rgb16').png().toBuffer();
    const deep = await decodeImage(png16, LIMIT);
    expect(deep).toMatchObject({ width: 512, height: 512, channels: 3 });
    expect(deep.data.equals(reference.data)).toBe(true);

    const cmyk = await sharp(fixture('skimage_astronaut.png')).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const fromCmyk = await decodeImage(cmyk, LIMIT);
    expect(fromCmyk).toMatchObject({ width: 512, height: 512, channels: 3 });
    const meanDiff = fromCmyk.data.reduce((s, v, i) => s + Math.abs(v - reference.data[i]), 0) / fromCmyk.data.length;
    expect(meanDiff).toBeLessThan(12);
  });

  it('rejects the truncated JPEG fixture as truncated', async () => {
    const err = await expectDecodeError(decodeFixture('skimage_truncated.jpg'), 'truncated');
    expect(err.message).toMatch(/^Image data is truncated \(JPEG data ends at byte \d+, before its end-of-image marker\)$/);
  });

  it('rejects a JPEG cut mid-scan instead of decoding it grey (failOn "error"); "none" would accept it', async () => {
    const full = readFileSync(fixture('skimage_rocket.jpg'));
    const cut = full.subarray(0, Math.floor(full.length * 0.6));
    await expectDecodeError(decodeImage(cut, LIMIT), 'truncated');
    await expect(decodeImage(cut, { ...LIMIT, failOn: 'none' })).resolves.toMatchObject({ width: 640, height: 427 });
  });

  it('rejects empty input, as a buffer and as a file', async () => {
    await expectDecodeError(decodeImage(Buffer.alloc(0), LIMIT), 'empty');
    const dir = mkdtempSync(join(tmpdir(), 'lbx-decode-'));
    try {
      writeFileSync(join(dir, 'empty.png'), '');
      await expectDecodeError(decodeImage(join(dir, 'empty.png'), LIMIT), 'empty');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects random bytes, a missing file and a PNG with garbage after its signature', async () => {
    await expectDecodeError(decodeImage(randomBytes(4096), LIMIT), 'unsupported_format');
    await expectDecodeError(decodeImage(fixture('does-not-exist.png'), LIMIT), 'not_found');
    const png = readFileSync(fixture('skimage_astronaut.png'));
    await expectDecodeError(decodeImage(Buffer.concat([png.subarray(0, 8), randomBytes(512)]), LIMIT), 'corrupt');
  });

  it('rejects a tiny PNG declaring 50000×50000 before allocating pixels', async () => {
    const bomb = bombPng(50_000, 50_000, 16);
    expect(bomb.length).toBeLessThan(1024);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 50_000, height: 50_000 });
    const err = await expectDecodeError(decodeImage(bomb, LIMIT), 'too_many_pixels');
    expect(err.message).toMatch(/pixel limit/);
  });

  it('rejects a complete, valid 12000×12000 bomb (~20 kB) over the limit but decodes it under a sane one', async () => {
    const bomb = bombPng(12_000, 12_000, 12_000);
    expect(bomb.length).toBeLessThan(100_000);
    await expectDecodeError(decodeImage(bomb, LIMIT), 'too_many_pixels');
    // Same construction, small enough to decode: proves the generator writes real PNGs.
    const small = await decodeImage(bombPng(300, 200, 200), LIMIT);
    expect(small).toMatchObject({ width: 300, height: 200, channels: 3 });
    expect(small.data.every((v) => v === 0)).toBe(true);
  });

  it('refuses a limit of 0, which sharp would read as "no limit"', async () => {
    await expectDecodeError(decodeImage(fixture('skimage_astronaut.png'), { limitInputPixels: 0 }), 'invalid_options');
  });
});
