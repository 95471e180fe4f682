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
  const { data, info } = await sharpFromDecoded(img)
    .resize({ width: SAMPLE_SIZE, height: SAMPLE_SIZE, fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Opaque input gets its alpha here rather than from sharp's ensureAlpha(): same bytes, but that
  // extra pipeline stage cost ~0.3 ms of CPU per image, this loop a few µs.
  return sampleFromRgba(info.channels === 4 ? data : withOpaqueAlpha(data), SAMPLE_SIZE);
}

function withOpaqueAlpha(rgb: Buffer): Buffer {
  const rgba = Buffer.alloc((rgb.length / 3) * 4, 255);
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    rgba[o] = rgb[i];
    rgba[o + 1] = rgb[i + 1];
    rgba[o + 2] = rgb[i + 2];
  }
  return rgba;
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
