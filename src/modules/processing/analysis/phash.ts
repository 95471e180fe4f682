import { AnalysisSample, downscaleForAnalysis } from './analysis-sample';
import { DecodedImage } from './decoded-image';

const N = 32;
const K = 8;

/** cos((2x+1)uπ/2N) for the K lowest frequencies; the only DCT terms the hash needs. */
const COS = Array.from({ length: K }, (_, u) =>
  Float64Array.from({ length: N }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N))),
);

/** 64-bit DCT perceptual hash as 16 lowercase hex chars. */
export async function computePhash(img: DecodedImage): Promise<string> {
  return phashFromSample(await downscaleForAnalysis(img));
}

/**
 * 32×32 luma → 2D DCT-II → top-left 8×8 (row-major, MSB first) → bit = coefficient > median
 * of the 63 AC terms. DC is left out of the median because it is the mean brightness, orders of
 * magnitude above the rest; its own bit is therefore always 1, so the hash carries 63 informative
 * bits (about half of them set).
 */
export function phashFromSample(sample: AnalysisSample): string {
  const coeffs = lowDct(luma32(sample));
  const ac = new Float64Array(coeffs.slice(1)).sort(); // typed arrays sort numerically: no comparator closure per call
  const median = (ac[31] + ac[32]) / 2;
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let bit = 0; bit < 4; bit++) v = (v << 1) | (coeffs[nibble * 4 + bit] > median ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

/** Rec.601 luma of the white-flattened sample, 2×2 box-averaged from 64² to 32². */
function luma32(sample: AnalysisSample): Float64Array {
  const step = sample.size / N;
  if (!Number.isInteger(step)) throw new RangeError(`Sample size ${sample.size} is not a multiple of ${N}`);
  const out = new Float64Array(N * N);
  const { flat, size } = sample;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      const l = 0.299 * flat[o] + 0.587 * flat[o + 1] + 0.114 * flat[o + 2];
      out[Math.floor(y / step) * N + Math.floor(x / step)] += l / (step * step);
    }
  }
  return out;
}

/** Separable DCT restricted to the K×K low frequencies (v = horizontal, u = vertical). */
function lowDct(px: Float64Array): number[] {
  const rows = new Float64Array(N * K);
  for (let y = 0; y < N; y++) {
    for (let v = 0; v < K; v++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += px[y * N + x] * COS[v][x];
      rows[y * K + v] = sum;
    }
  }
  const out: number[] = [];
  for (let u = 0; u < K; u++) {
    for (let v = 0; v < K; v++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += rows[y * K + v] * COS[u][y];
      out.push(sum);
    }
  }
  return out;
}

const POPCOUNT = Array.from({ length: 16 }, (_, i) => (i & 1) + ((i >> 1) & 1) + ((i >> 2) & 1) + ((i >> 3) & 1));

/** Number of differing bits between two 16-hex-char hashes (0..64). */
export function hammingDistance(a: string, b: string): number {
  if (!PHASH_PATTERN.test(a) || !PHASH_PATTERN.test(b)) {
    throw new TypeError(`Expected two 16-hex-char hashes, got "${a}" and "${b}"`);
  }
  let d = 0;
  for (let i = 0; i < 16; i++) d += POPCOUNT[parseInt(a[i], 16) ^ parseInt(b[i], 16)];
  return d;
}

export const PHASH_PATTERN = /^[0-9a-f]{16}$/i;
