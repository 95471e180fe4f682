import { DecodedImage, sharpFromDecoded } from './decoded-image';

/** Side of the square analysis sample; pHash takes 32×32 from it by 2×2 averaging. */
export const SAMPLE_SIZE = 64;

/**
 * One small copy shared by pHash, palette and descriptor. Squashed to a square (aspect is
 * ignored, as pHash expects; area fractions survive a uniform squash).
 */
export interface AnalysisSample {
  size: number;
  /** size² RGBA pixels, not premultiplied (sharp premultiplies while resizing, so edges keep true colour). */
  rgba: Buffer;
  /**
   * size² RGB composited over white, so transparent areas read as "paper" (as most viewers show
   * them) and their arbitrary hidden RGB never leaks into hashes or descriptors.
   */
  flat: Uint8Array;
}

export async function downscaleForAnalysis(img: DecodedImage): Promise<AnalysisSample> {
  const rgba = await sharpFromDecoded(img)
    .resize({ width: SAMPLE_SIZE, height: SAMPLE_SIZE, fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer();
  return sampleFromRgba(rgba, SAMPLE_SIZE);
}

export function sampleFromRgba(rgba: Buffer, size: number): AnalysisSample {
  if (rgba.length !== size * size * 4) throw new RangeError(`Expected ${size}² RGBA pixels`);
  const flat = new Uint8Array(size * size * 3);
  for (let i = 0, o = 0; o < rgba.length; i += 3, o += 4) {
    const a = rgba[o + 3] / 255;
    const bg = 255 * (1 - a);
    flat[i] = Math.round(rgba[o] * a + bg);
    flat[i + 1] = Math.round(rgba[o + 1] * a + bg);
    flat[i + 2] = Math.round(rgba[o + 2] * a + bg);
  }
  return { size, rgba, flat };
}
