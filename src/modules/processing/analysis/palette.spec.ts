import { decodeFixture, synthetic } from './fixture-images.test-helper';
import { colorBuckets, computePalette, MAX_PALETTE_COLORS, PaletteColor } from './palette';

const sumOf = (p: PaletteColor[]) => p.reduce((s, c) => s + c.weight, 0);

describe('computePalette', () => {
  it('finds both halves of a red/blue image with their share', async () => {
    const img = synthetic(80, 40, 3, (x) => (x < 60 ? [255, 0, 0] : [0, 0, 255]));
    const palette = await computePalette(img);
    expect(palette.map((c) => c.name)).toEqual(['red', 'blue']);
    expect(palette[0].hex).toBe('#ff0000');
    expect(palette[1].hex).toBe('#0000ff');
    expect(palette[0].weight).toBeCloseTo(0.75, 1);
    expect(sumOf(palette)).toBeCloseTo(1, 6);
  });

  it('ignores transparent pixels, whatever colour they hide', async () => {
    // Left three quarters: fully transparent but green underneath; right quarter opaque yellow.
    const img = synthetic(64, 64, 4, (x) => (x < 48 ? [0, 255, 0, 0] : [255, 220, 0, 255]));
    const palette = await computePalette(img);
    expect(palette.map((c) => c.name)).toEqual(['yellow']);
    expect(palette[0].weight).toBeCloseTo(1, 6);
    expect(await computePalette(synthetic(16, 16, 4, () => [255, 0, 0, 0]))).toEqual([]);
  });

  it('weights half-transparent pixels by their alpha', async () => {
    // Equal areas: red at alpha 64, blue opaque.
    const img = synthetic(64, 64, 4, (x) => (x < 32 ? [255, 0, 0, 64] : [0, 0, 255, 255]));
    const [first, second] = await computePalette(img);
    expect([first.name, second.name]).toEqual(['blue', 'red']);
    expect(first.weight).toBeCloseTo(255 / (255 + 64), 1);
  });

  it('gives at most six heaviest-first colours summing to 1 for a photo, deterministically', async () => {
    const img = await decodeFixture('skimage_astronaut.png');
    const palette = await computePalette(img);
    expect(palette.length).toBeGreaterThan(2);
    expect(palette.length).toBeLessThanOrEqual(MAX_PALETTE_COLORS);
    expect(sumOf(palette)).toBeCloseTo(1, 6);
    for (let i = 1; i < palette.length; i++) expect(palette[i - 1].weight).toBeGreaterThanOrEqual(palette[i].weight);
    for (const c of palette) expect(c.hex).toMatch(/^#[0-9a-f]{6}$/);
    expect(await computePalette(img)).toEqual(palette);
  });

  it('names the red balloon red and the blue balloon blue', async () => {
    const red = colorBuckets(await computePalette(await decodeFixture('openclipart_balloon-red-aj.png')), 0.1);
    const blue = colorBuckets(await computePalette(await decodeFixture('openclipart_balloon-blue-aj.png')), 0.1);
    expect(red[0]).toBe('red');
    expect(red).not.toContain('blue');
    expect(blue).toEqual(['blue']);
  });

  it('sees a greyscale photo as achromatic and the coffee photo as warm', async () => {
    const camera = colorBuckets(await computePalette(await decodeFixture('skimage_camera.png')), 0.05);
    expect(camera.every((b) => ['black', 'white', 'grey'].includes(b))).toBe(true);
    const coffee = colorBuckets(await computePalette(await decodeFixture('skimage_coffee.png')), 0.1);
    expect(coffee).toEqual(expect.arrayContaining(['brown', 'orange']));
  });
});

describe('colorBuckets', () => {
  const palette: PaletteColor[] = [
    { hex: '#ff0000', weight: 0.5, name: 'red' },
    { hex: '#0000ff', weight: 0.06, name: 'blue' },
    { hex: '#0000cc', weight: 0.06, name: 'blue' },
    { hex: '#00ff00', weight: 0.3, name: 'green' },
    { hex: '#ffffff', weight: 0.08, name: 'white' },
  ];

  it('sums weights per bucket, applies the threshold and orders by weight', () => {
    expect(colorBuckets(palette, 0.1)).toEqual(['red', 'green', 'blue']);
    expect(colorBuckets(palette, 0.4)).toEqual(['red']);
    expect(colorBuckets(palette, 0)).toEqual(['red', 'green', 'blue', 'white']);
  });
});
