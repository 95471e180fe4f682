import { AnalysisSample, downscaleForAnalysis } from './analysis-sample';
import { OklabPlanes, oklabPlanes, srgbToOklabAt } from './color-space';
import { DecodedImage } from './decoded-image';

/**
 * Stored beside every vector; bump whenever layout, weights or the sample change, so stale
 * vectors can be found and recomputed (cosine across versions is meaningless).
 */
export const DESCRIPTOR_VERSION = 'lightbox-vd-1';

/**
 * Layout (all from the 64×64 white-flattened analysis sample, OKLab, before the final L2):
 *   [  0.. 48) colour layout    4×4 grid, per cell mean (L−0.5, a, b), row-major   weight 1.0
 *   [ 48.. 76) colour histogram √share: 4 grey-lightness bins, then 8 hue × 3      weight 1.0
 *                               lightness bins for chromatic pixels (C ≥ 0.03)
 *   [ 76..108) edge orientation 2×2 quadrants × 8 unsigned Sobel directions,         weight 0.7
 *                               √(magnitude share)
 *   [108..124) texture          4×4 grid, per cell std-dev of L ×2                   weight 0.7
 *   [124..128) global           mean L−0.5, std L ×2, mean chroma ×4, mean gradient   weight 0.5
 */
export const DESCRIPTOR_LENGTH = 128;

const GRID = 4;
const HUE_BINS = 8;
const GREY_CHROMA = 0.03;
const BLOCK_WEIGHTS = { layout: 1, histogram: 1, edges: 0.7, texture: 0.7, global: 0.5 };

export async function computeVisualDescriptor(img: DecodedImage): Promise<number[]> {
  return descriptorFromSample(await downscaleForAnalysis(img));
}

export function descriptorFromSample(sample: AnalysisSample): number[] {
  const lab = toLab(sample);
  const gradients = sobel(lab.L, sample.size);
  const parts = [
    scale(colourLayout(lab, sample.size), BLOCK_WEIGHTS.layout),
    scale(colourHistogram(lab), BLOCK_WEIGHTS.histogram),
    scale(edgeOrientation(gradients, sample.size), BLOCK_WEIGHTS.edges),
    scale(texture(lab.L, sample.size), BLOCK_WEIGHTS.texture),
    scale(globalStats(lab, gradients), BLOCK_WEIGHTS.global),
  ];
  const vector = parts.flat();
  if (vector.length !== DESCRIPTOR_LENGTH) throw new Error(`Descriptor length ${vector.length} != ${DESCRIPTOR_LENGTH}`);
  return l2Normalise(vector);
}

/** Cosine of two descriptors of the same version; inputs need not be normalised. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`Vector lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function toLab(sample: AnalysisSample): OklabPlanes {
  const { flat } = sample;
  const planes = oklabPlanes(sample.size * sample.size);
  for (let i = 0, o = 0; o < flat.length; i++, o += 3) srgbToOklabAt(flat[o], flat[o + 1], flat[o + 2], planes, i);
  return planes;
}

/**
 * Math.hypot(x, y) for finite x and y, bit for bit: V8 computes two arguments exactly this way
 * (scaled by the larger magnitude), but its variadic builtin cost ~50 ns a call, the bulk of this
 * descriptor's time. Stored vectors depend on the exact rounding: do not "simplify" this to
 * Math.sqrt(x * x + y * y).
 */
function hypot(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const max = ax > ay ? ax : ay;
  if (max === 0) return 0;
  const nx = ax / max;
  const ny = ay / max;
  return Math.sqrt(nx * nx + ny * ny) * max;
}

/**
 * x % period for x in [0, 2·period], bit for bit: each subtraction is exact (Sterbenz lemma), as
 * % is, but % on doubles is a libm fmod call that cost as much as the atan2 feeding it.
 */
function wrap(x: number, period: number): number {
  if (x < period) return x;
  return x - period < period ? x - period : 0;
}

/** Index of the GRID×GRID cell holding pixel (x, y). */
function cellOf(x: number, y: number, size: number): number {
  return Math.floor((y * GRID) / size) * GRID + Math.floor((x * GRID) / size);
}

function colourLayout(lab: OklabPlanes, size: number): number[] {
  const sums = new Float64Array(GRID * GRID * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const c = cellOf(x, y, size) * 3;
      sums[c] += lab.L[i] - 0.5;
      sums[c + 1] += lab.a[i];
      sums[c + 2] += lab.b[i];
    }
  }
  const perCell = (size * size) / (GRID * GRID);
  const out: number[] = [];
  for (let i = 0; i < sums.length; i++) out.push(sums[i] / perCell);
  return out;
}

function colourHistogram(lab: OklabPlanes): number[] {
  const bins = new Float64Array(4 + HUE_BINS * 3);
  const n = lab.L.length;
  for (let i = 0; i < n; i++) {
    const L = lab.L[i];
    const chroma = hypot(lab.a[i], lab.b[i]);
    if (chroma < GREY_CHROMA) {
      bins[L < 0.3 ? 0 : L < 0.55 ? 1 : L < 0.8 ? 2 : 3]++;
      continue;
    }
    const hue = wrap(Math.atan2(lab.b[i], lab.a[i]) + 2 * Math.PI, 2 * Math.PI);
    const sector = Math.min(HUE_BINS - 1, Math.floor((hue / (2 * Math.PI)) * HUE_BINS));
    bins[4 + sector * 3 + (L < 0.45 ? 0 : L < 0.7 ? 1 : 2)]++;
  }
  // √share (Hellinger) keeps big flat areas from drowning the rest; the block has unit norm.
  const out: number[] = [];
  for (let i = 0; i < bins.length; i++) out.push(Math.sqrt(bins[i] / n));
  return out;
}

interface Gradients {
  magnitude: Float64Array;
  angle: Float64Array;
}

function sobel(L: Float64Array, size: number): Gradients {
  const magnitude = new Float64Array(size * size);
  const angle = new Float64Array(size * size);
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      const up = i - size;
      const down = i + size;
      // Keep this term order: reassociating the sums would change stored vectors.
      const gx = L[up + 1] + 2 * L[i + 1] + L[down + 1] - L[up - 1] - 2 * L[i - 1] - L[down - 1];
      const gy = L[down - 1] + 2 * L[down] + L[down + 1] - L[up - 1] - 2 * L[up] - L[up + 1];
      magnitude[i] = hypot(gx, gy);
      angle[i] = wrap(Math.atan2(gy, gx) + Math.PI, Math.PI); // unsigned: an edge, not its polarity
    }
  }
  return { magnitude, angle };
}

function edgeOrientation({ magnitude, angle }: Gradients, size: number): number[] {
  const bins = new Float64Array(4 * HUE_BINS);
  let total = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const quadrant = (y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1);
      const dir = Math.min(HUE_BINS - 1, Math.floor((angle[i] / Math.PI) * HUE_BINS));
      bins[quadrant * HUE_BINS + dir] += magnitude[i];
      total += magnitude[i];
    }
  }
  const out: number[] = [];
  for (let i = 0; i < bins.length; i++) out.push(total > 0 ? Math.sqrt(bins[i] / total) : 0);
  return out;
}

function texture(L: Float64Array, size: number): number[] {
  const sum = new Float64Array(GRID * GRID);
  const sq = new Float64Array(GRID * GRID);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = cellOf(x, y, size);
      sum[c] += L[y * size + x];
      sq[c] += L[y * size + x] ** 2;
    }
  }
  const perCell = (size * size) / (GRID * GRID);
  const out: number[] = [];
  for (let c = 0; c < sum.length; c++) out.push(2 * Math.sqrt(Math.max(0, sq[c] / perCell - (sum[c] / perCell) ** 2)));
  return out;
}

function globalStats(lab: OklabPlanes, { magnitude }: Gradients): number[] {
  const n = lab.L.length;
  let sumL = 0;
  let sqL = 0;
  let chroma = 0;
  let grad = 0;
  for (let i = 0; i < n; i++) {
    sumL += lab.L[i];
    sqL += lab.L[i] ** 2;
    chroma += hypot(lab.a[i], lab.b[i]);
    grad += magnitude[i];
  }
  const meanL = sumL / n;
  return [meanL - 0.5, 2 * Math.sqrt(Math.max(0, sqL / n - meanL ** 2)), (4 * chroma) / n, grad / n];
}

function scale(values: number[], weight: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i] * weight);
  return out;
}

function l2Normalise(v: number[]): number[] {
  const norm = Math.hypot(...v);
  if (!(norm > 0)) return v;
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) out.push(v[i] / norm);
  return out;
}
