import { DecodedImage } from './decoded-image';
import { resizePixels } from './thumbnail.renderer';

/** Side of the square analysis sample; pHash takes 32×32 from it by 2×2 averaging. */
export const SAMPLE_SIZE = 64;

/**
 * Long side the sample is averaged from. Larger pixels are first resized to it with the same
 * resize as the 256 px rendition, so the pipeline hands in that rendition's pixels and the sample
 * costs no second pass over the full image.
 */
export const SAMPLE_SOURCE_SIZE = 256;

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

/**
 * The 64×64 sample: the pixels resized to SAMPLE_SOURCE_SIZE on the long side (unless already that
 * small), then area-averaged to the square (exact fractional box weights, alpha-weighted).
 */
export async function downscaleForAnalysis(img: DecodedImage): Promise<AnalysisSample> {
  const source = Math.max(img.width, img.height) > SAMPLE_SOURCE_SIZE ? await resizePixels(img, SAMPLE_SOURCE_SIZE) : img;
  return sampleFromRgba(areaAverage(source, SAMPLE_SIZE), SAMPLE_SIZE);
}

/** Source span [start, end) of each of `n` output cells along an axis of `len` pixels, with per-pixel weights. */
function spans(len: number, n: number): { first: number; weights: number[] }[] {
  const step = len / n;
  const out: { first: number; weights: number[] }[] = [];
  for (let o = 0; o < n; o++) {
    const x0 = o * step;
    const x1 = x0 + step;
    const first = Math.floor(x0);
    const weights: number[] = [];
    for (let x = first; x < Math.min(len, Math.ceil(x1)); x++) weights.push((Math.min(x + 1, x1) - Math.max(x, x0)) / step);
    out.push({ first, weights });
  }
  return out;
}

/**
 * Area average to n×n RGBA (not premultiplied). Colour is weighted by alpha, so the hidden RGB of
 * transparent pixels never bleeds into visible ones (as a premultiplied resize behaves).
 */
function areaAverage(img: DecodedImage, n: number): Buffer {
  const { width: w, height: h, channels: c, data } = img;
  const cols = spans(w, n);
  const rows = spans(h, n);
  // Horizontal pass: h × n cells of premultiplied r, g, b and alpha.
  const mid = new Float64Array(h * n * 4);
  for (let y = 0; y < h; y++) {
    for (let o = 0; o < n; o++) {
      const { first, weights } = cols[o];
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < weights.length; k++) {
        const i = (y * w + first + k) * c;
        const wa = weights[k] * (c === 4 ? data[i + 3] : 255);
        r += data[i] * wa;
        g += data[i + 1] * wa;
        b += data[i + 2] * wa;
        a += wa;
      }
      const m = (y * n + o) * 4;
      mid[m] = r;
      mid[m + 1] = g;
      mid[m + 2] = b;
      mid[m + 3] = a;
    }
  }
  const out = Buffer.alloc(n * n * 4);
  for (let oy = 0; oy < n; oy++) {
    const { first, weights } = rows[oy];
    for (let ox = 0; ox < n; ox++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < weights.length; k++) {
        const m = ((first + k) * n + ox) * 4;
        r += mid[m] * weights[k];
        g += mid[m + 1] * weights[k];
        b += mid[m + 2] * weights[k];
        a += mid[m + 3] * weights[k];
      }
      const o = (oy * n + ox) * 4;
      if (a > 0) {
        out[o] = Math.min(255, Math.round(r / a));
        out[o + 1] = Math.min(255, Math.round(g / a));
        out[o + 2] = Math.min(255, Math.round(b / a));
      }
      out[o + 3] = Math.min(255, Math.round(a));
    }
  }
  return out;
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
