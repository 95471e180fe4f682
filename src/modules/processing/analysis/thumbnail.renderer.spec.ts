import sharp from 'sharp';
import { decodeFixture, LIMIT, synthetic } from './fixture-images.test-helper';
import { decodeImage } from './image-decoder';
import { computePhash, hammingDistance } from './phash';
import { fitLongSide, Rendition, renderThumbnails } from './thumbnail.renderer';

/** Checks what the bytes really are, not just what the Rendition claims. */
async function expectWebp(r: Rendition, width: number, height: number): Promise<sharp.Metadata> {
  expect(r.mime).toBe('image/webp');
  expect(r.data.subarray(0, 4).toString('ascii')).toBe('RIFF');
  expect(r.data.subarray(8, 12).toString('ascii')).toBe('WEBP');
  const meta = await sharp(r.data).metadata();
  expect(meta).toMatchObject({ format: 'webp', width, height });
  expect([r.width, r.height]).toEqual([width, height]);
  return meta;
}

describe('renderThumbnails', () => {
  it('renders each requested long side and never upscales', async () => {
    const img = await decodeFixture('skimage_astronaut.png'); // 512×512
    const [small, large] = await renderThumbnails(img, [256, 1024]);
    expect(small.size).toBe(256);
    await expectWebp(small, 256, 256);
    expect(large.size).toBe(1024);
    await expectWebp(large, 512, 512);
  });

  it('keeps the aspect ratio on the long side, landscape and portrait', async () => {
    const cat = await decodeFixture('skimage_chelsea.png'); // 451×300
    const [catThumb] = await renderThumbnails(cat, [256]);
    await expectWebp(catThumb, 256, 170);
    const balloon = await decodeFixture('openclipart_balloon-red-aj.png'); // 600×1100
    const [balloonThumb] = await renderThumbnails(balloon, [256]);
    const meta = await expectWebp(balloonThumb, 140, 256);
    expect(meta.hasAlpha).toBe(true);
  });

  it('carries EXIF orientation through from the decode (dimensions swapped)', async () => {
    const stored = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const [r] = await renderThumbnails(await decodeImage(stored, LIMIT), [100]);
    await expectWebp(r, 50, 100);
  });

  it('encodes straight from raw pixels and keeps the picture', async () => {
    const img = await decodeFixture('skimage_coffee.png');
    const [r] = await renderThumbnails(img, [300]);
    const back = await decodeImage(r.data, LIMIT);
    expect(hammingDistance(await computePhash(back), await computePhash(img))).toBeLessThanOrEqual(4);

    // An image that never existed as a file renders too: only pixels are needed.
    const gradient = synthetic(64, 32, 3, (x) => [x * 4, 0, 255 - x * 4]);
    const [g] = await renderThumbnails(gradient, [16]);
    await expectWebp(g, 16, 8);
  });

  it('shares one encode when several sizes end up the same size', async () => {
    const img = synthetic(100, 50, 4, () => [10, 200, 30, 255]);
    const out = await renderThumbnails(img, [256, 1024, 40]);
    expect(out.map((r) => [r.size, r.width, r.height])).toEqual([
      [256, 100, 50],
      [1024, 100, 50],
      [40, 40, 20],
    ]);
    expect(out[0].data).toBe(out[1].data);
  });

  it('rejects non-positive or fractional sizes', async () => {
    const img = synthetic(8, 8, 3, () => [0, 0, 0]);
    await expect(renderThumbnails(img, [0])).rejects.toThrow(RangeError);
    await expect(renderThumbnails(img, [12.5])).rejects.toThrow(RangeError);
  });

  it('fitLongSide never returns 0 for extreme aspect ratios', () => {
    expect(fitLongSide(10_000, 10, 256)).toEqual({ width: 256, height: 1 });
    expect(fitLongSide(300, 200, 1024)).toEqual({ width: 300, height: 200 });
  });
});
