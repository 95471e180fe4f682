import { decodeFixture, reencodedFixture, synthetic } from './fixture-images.test-helper';
import { computeVisualDescriptor, cosineSimilarity, DESCRIPTOR_LENGTH, DESCRIPTOR_VERSION } from './visual-descriptor';

const PHOTOS = ['skimage_astronaut.png', 'skimage_coffee.png', 'skimage_camera.png', 'skimage_chelsea.png', 'skimage_rocket.jpg'];
const norm = (v: number[]) => Math.hypot(...v);

describe('computeVisualDescriptor', () => {
  const vectors = new Map<string, number[]>();
  beforeAll(async () => {
    for (const name of PHOTOS) vectors.set(name, await computeVisualDescriptor(await decodeFixture(name)));
  });

  it('has the documented length, unit L2 norm and finite values', () => {
    expect(DESCRIPTOR_VERSION).toMatch(/^lightbox-vd-\d+$/);
    for (const v of vectors.values()) {
      expect(v).toHaveLength(DESCRIPTOR_LENGTH);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 9);
    }
  });

  it('is deterministic', async () => {
    const again = await computeVisualDescriptor(await decodeFixture('skimage_chelsea.png'));
    expect(again).toEqual(vectors.get('skimage_chelsea.png'));
  });

  it.each(PHOTOS)('%s re-encoded is closer to itself than to any other photo', async (name) => {
    const copy = await computeVisualDescriptor(await reencodedFixture(name));
    const self = cosineSimilarity(vectors.get(name)!, copy);
    expect(self).toBeGreaterThan(0.98);
    for (const other of PHOTOS.filter((p) => p !== name)) {
      expect(self).toBeGreaterThan(cosineSimilarity(vectors.get(other)!, copy));
    }
  });

  it('tells flat colours apart and stays normalised for featureless images', async () => {
    const grey = await computeVisualDescriptor(synthetic(32, 32, 3, () => [128, 128, 128]));
    const red = await computeVisualDescriptor(synthetic(32, 32, 3, () => [220, 20, 20]));
    expect(norm(grey)).toBeCloseTo(1, 9);
    expect(cosineSimilarity(grey, red)).toBeLessThan(0.8);
  });

  it('ranks the two balloons (same drawing) above balloon vs photo', async () => {
    const red = await computeVisualDescriptor(await decodeFixture('openclipart_balloon-red-aj.png'));
    const blue = await computeVisualDescriptor(await decodeFixture('openclipart_balloon-blue-aj.png'));
    expect(cosineSimilarity(red, blue)).toBeGreaterThan(cosineSimilarity(red, vectors.get('skimage_astronaut.png')!));
    expect(cosineSimilarity(red, blue)).toBeLessThan(0.99); // colour still counts
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 orthogonal, -1 opposite', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, -1], [-1, 1])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });

  it('refuses vectors of different lengths', () => {
    expect(() => cosineSimilarity([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});
