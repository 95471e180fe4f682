import sharp from 'sharp';
import { downscaleForAnalysis, SAMPLE_SIZE, SAMPLE_SOURCE_SIZE } from './analysis-sample';
import { DecodedImage } from './decoded-image';
import { decodeFixture } from './fixture-images.test-helper';
import { renderThumbnails, resizePixels } from './thumbnail.renderer';

/** width×height RGBA pixels from a per-pixel function. */
function image(width: number, height: number, px: (x: number, y: number) => [number, number, number, number]): DecodedImage {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(px(x, y), (y * width + x) * 4);
  return { data, width, height, channels: 4, hasAlpha: true };
}

const at = (rgba: Buffer, x: number, y: number) => [...rgba.subarray((y * SAMPLE_SIZE + x) * 4, (y * SAMPLE_SIZE + x) * 4 + 4)];

describe('analysis sample', () => {
  it('area-averages exactly: a cell straddling two colours gets their mix by covered area', async () => {
    // 96 px wide: each sample column covers 1.5 source columns; source columns 0–47 red, 48–95 blue.
    const s = await downscaleForAnalysis(image(96, 64, (x) => (x < 48 ? [255, 0, 0, 255] : [0, 0, 255, 255])));
    expect(at(s.rgba, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(at(s.rgba, 63, 63)).toEqual([0, 0, 255, 255]);
    // Column 31 covers source 46.5–48: all red; column 32 covers 48–49.5: all blue (the boundary falls between them).
    expect(at(s.rgba, 31, 10)).toEqual([255, 0, 0, 255]);
    expect(at(s.rgba, 32, 10)).toEqual([0, 0, 255, 255]);
    const mixed = await downscaleForAnalysis(image(3, 1, (x) => (x === 1 ? [0, 0, 255, 255] : [255, 0, 0, 255])));
    // 3 → 64 columns: a cell over the boundary at x = 1 (column 21 covers 0.984–1.031) mixes by the covered lengths.
    expect(at(mixed.rgba, 21, 0)[0]).toBeGreaterThan(0);
    expect(at(mixed.rgba, 21, 0)[2]).toBeGreaterThan(0);
  });

  it('never lets the hidden colour of transparent pixels into visible ones', async () => {
    const s = await downscaleForAnalysis(image(100, 64, (x) => (x < 50 ? [200, 40, 40, 255] : [0, 255, 0, 0])));
    for (let x = 0; x < SAMPLE_SIZE; x++) {
      const [, g, , a] = at(s.rgba, x, 5);
      if (a > 0) expect(g).toBe(40);
    }
    expect(at(s.rgba, 63, 5)[3]).toBe(0);
    // Composited over white: transparent reads as paper.
    expect([...s.flat.subarray((5 * SAMPLE_SIZE + 63) * 3, (5 * SAMPLE_SIZE + 63) * 3 + 3)]).toEqual([255, 255, 255]);
  });

  it('is the same from the 256 px rendition pixels as from the full image (what the pipeline hands in)', async () => {
    const full = await decodeFixture('openclipart_balloon-red-aj.png');
    const small = await resizePixels(full, SAMPLE_SOURCE_SIZE);
    expect(Math.max(small.width, small.height)).toBe(SAMPLE_SOURCE_SIZE);
    const a = await downscaleForAnalysis(full);
    const b = await downscaleForAnalysis(small);
    expect(b.rgba.equals(a.rgba)).toBe(true);
  });

  it('encodes a rendition from pixels already resized to its size exactly as from the full image', async () => {
    const full = await decodeFixture('openclipart_balloon-red-aj.png');
    const small = await resizePixels(full, 256);
    const direct = await renderThumbnails(full, [256, 1024]);
    const reused = await renderThumbnails(full, [256, 1024], undefined, [small]);
    expect(reused.map((r) => [r.width, r.height])).toEqual(direct.map((r) => [r.width, r.height]));
    const pixels = async (webp: Buffer) => sharp(webp).raw().toBuffer();
    expect((await pixels(reused[0].data)).equals(await pixels(direct[0].data))).toBe(true);
    expect(reused[1].data.equals(direct[1].data)).toBe(true);
  });
});
