import sharp from 'sharp';
import { decodeFixture, fixture, LIMIT, reencodedFixture, synthetic } from './fixture-images.test-helper';
import { decodeImage } from './image-decoder';
import { computePhash, hammingDistance, PHASH_PATTERN } from './phash';

const PHOTOS = ['skimage_astronaut.png', 'skimage_coffee.png', 'skimage_camera.png', 'skimage_chelsea.png', 'skimage_rocket.jpg'];

// Measured with this implementation: re-encodes 0–2 bits, distinct fixtures 22–40 bits.
const SAME_MAX = 6;
const DIFFERENT_MIN = 20;

describe('computePhash', () => {
  const hashes = new Map<string, string>();
  beforeAll(async () => {
    for (const name of PHOTOS) hashes.set(name, await computePhash(await decodeFixture(name)));
  });

  it('is 16 hex chars and deterministic', async () => {
    const again = await computePhash(await decodeFixture('skimage_astronaut.png'));
    expect(again).toMatch(PHASH_PATTERN);
    expect(again).toBe(hashes.get('skimage_astronaut.png'));
  });

  it.each(PHOTOS)(`%s survives half size + JPEG q60 within ${SAME_MAX} bits`, async (name) => {
    const d = hammingDistance(hashes.get(name)!, await computePhash(await reencodedFixture(name)));
    expect(d).toBeLessThanOrEqual(SAME_MAX);
  });

  it('survives a brightness shift', async () => {
    const brighter = await sharp(fixture('skimage_coffee.png')).linear(1, 25).png().toBuffer();
    const d = hammingDistance(hashes.get('skimage_coffee.png')!, await computePhash(await decodeImage(brighter, LIMIT)));
    expect(d).toBeLessThanOrEqual(SAME_MAX);
  });

  it('keeps different photos far apart', () => {
    for (let i = 0; i < PHOTOS.length; i++) {
      for (let j = i + 1; j < PHOTOS.length; j++) {
        const d = hammingDistance(hashes.get(PHOTOS[i])!, hashes.get(PHOTOS[j])!);
        expect({ pair: [PHOTOS[i], PHOTOS[j]], far: d >= DIFFERENT_MIN }).toEqual({ pair: [PHOTOS[i], PHOTOS[j]], far: true });
      }
    }
  });

  it('separates a photo from its mirror image', async () => {
    const mirrored = await sharp(fixture('skimage_astronaut.png')).flop().png().toBuffer();
    const d = hammingDistance(hashes.get('skimage_astronaut.png')!, await computePhash(await decodeImage(mirrored, LIMIT)));
    expect(d).toBeGreaterThanOrEqual(DIFFERENT_MIN / 2);
  });

  it('reads transparency as white paper, whatever RGB the transparent pixels hide', async () => {
    const inDisc = (x: number, y: number) => (x - 40) ** 2 + (y - 24) ** 2 < 15 ** 2;
    const onWhite = synthetic(96, 64, 3, (x, y) => (inDisc(x, y) ? [20, 20, 20] : [255, 255, 255]));
    const transparent = synthetic(96, 64, 4, (x, y) => (inDisc(x, y) ? [20, 20, 20, 255] : [0, 0, 0, 0]));
    expect(hammingDistance(await computePhash(onWhite), await computePhash(transparent))).toBeLessThanOrEqual(2);
  });

  it('sees the red and blue balloons as the same shape', async () => {
    const red = await computePhash(await decodeFixture('openclipart_balloon-red-aj.png'));
    const blue = await computePhash(await decodeFixture('openclipart_balloon-blue-aj.png'));
    expect(hammingDistance(red, blue)).toBeLessThanOrEqual(SAME_MAX);
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000001', '0000000000000000')).toBe(1);
    expect(hammingDistance('a000000000000000', '5000000000000000')).toBe(4);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
  });

  it('rejects malformed hashes', () => {
    expect(() => hammingDistance('abc', '0000000000000000')).toThrow(TypeError);
    expect(() => hammingDistance('zzzzzzzzzzzzzzzz', '0000000000000000')).toThrow(TypeError);
  });
});
