import { AnalysisSample, downscaleForAnalysis } from './analysis-sample';
import { ColorBucket, colorBucket } from './color-name';
import { linearToOklabAt, Oklab, OklabPlanes, oklabPlanes, oklabToSrgb, srgbToLinear, toHex } from './color-space';
import { DecodedImage } from './decoded-image';

export interface PaletteColor {
  hex: string;
  /** Share of the visible (alpha-weighted) pixels, 0..1; a palette's weights sum to 1. */
  weight: number;
  name: ColorBucket;
}

export const MAX_PALETTE_COLORS = 6;
/** Pixels at or below this alpha are background, not colour. */
const MIN_ALPHA = 8;
/** OKLab distance under which two clusters are the same colour to a viewer. */
const MERGE_DISTANCE = 0.04;
/** Smaller clusters are mostly anti-aliasing blends between two real colours. */
const MIN_CLUSTER_WEIGHT = 0.02;
const LLOYD_ITERATIONS = 10;
/** Pixels sharing this many top bits per channel are clustered as one point (see visiblePoints). */
const BIN_BITS = 5;
/**
 * Colour bin → point index + 1 (0: not seen yet). Allocating and zeroing these 128 kB cost more
 * than the binning itself, so one table is shared; visiblePoints is synchronous and clears the
 * entries it set before returning.
 */
const pointOfBin = new Int32Array(1 << (3 * BIN_BITS));
/** Resolution of the weighted-median search when median cut halves a box. */
const SPLIT_BINS = 256;
/** A box whose split would remove less squared error than this is one colour already. */
const MIN_SPLIT_SCORE = 1e-6;

interface Cluster extends Oklab {
  w: number;
}

/** Struct-of-arrays: the clustering loops run over hundreds of points many times. */
interface Points extends OklabPlanes {
  w: Float64Array;
  n: number;
  /** Sum of w. */
  total: number;
}

export async function computePalette(img: DecodedImage): Promise<PaletteColor[]> {
  return paletteFromSample(await downscaleForAnalysis(img));
}

/**
 * Deterministic: pixels of near-identical colour pool into weighted points, median-cut in OKLab
 * seeds up to six clusters, Lloyd iterations refine them, near-identical clusters merge, crumbs
 * under 2 % drop. Heaviest first.
 */
export function paletteFromSample(sample: AnalysisSample): PaletteColor[] {
  const points = visiblePoints(sample);
  if (points.n === 0) return [];
  const centres = refine(points, medianCut(points, MAX_PALETTE_COLORS));
  const clusters = mergeClose(centres).filter((c) => c.w / points.total >= MIN_CLUSTER_WEIGHT);
  const total = clusters.reduce((s, c) => s + c.w, 0);
  return clusters
    .sort((a, b) => b.w - a.w)
    .map((c) => {
      const [r, g, b] = oklabToSrgb(c);
      return { hex: toHex(r, g, b), weight: c.w / total, name: colorBucket(r, g, b) };
    });
}

/** Distinct bucket names whose summed weight reaches minWeight, heaviest first. */
export function colorBuckets(palette: readonly PaletteColor[], minWeight = 0.1): ColorBucket[] {
  const sums = new Map<ColorBucket, number>();
  for (const c of palette) sums.set(c.name, (sums.get(c.name) ?? 0) + c.weight);
  return [...sums.entries()]
    .filter(([, w]) => w >= minWeight)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
}

/**
 * Visible pixels binned by colour (top BIN_BITS bits per channel), one point per bin at its
 * members' alpha-weighted mean in linear light, weighted by their summed alpha. Clustering then
 * costs per distinct colour rather than per pixel (a photo's 4096 pixels fill ~300–1100 bins),
 * and every bin keeps its exact weight, so thin anti-aliasing blends stay as small as they are.
 */
function visiblePoints(sample: AnalysisSample): Points {
  const { rgba } = sample;
  const shift = 8 - BIN_BITS;
  const cap = rgba.length / 4;
  const binOfPoint = new Int32Array(cap);
  const w = new Float64Array(cap);
  const r = new Float64Array(cap);
  const g = new Float64Array(cap);
  const b = new Float64Array(cap);
  let n = 0;
  let total = 0;
  for (let o = 0; o < rgba.length; o += 4) {
    const alpha = rgba[o + 3];
    if (alpha <= MIN_ALPHA) continue;
    const bin = ((rgba[o] >> shift) << (2 * BIN_BITS)) | ((rgba[o + 1] >> shift) << BIN_BITS) | (rgba[o + 2] >> shift);
    if (pointOfBin[bin] === 0) {
      binOfPoint[n] = bin;
      pointOfBin[bin] = ++n;
    }
    const p = pointOfBin[bin] - 1;
    const weight = alpha / 255;
    w[p] += weight;
    r[p] += weight * srgbToLinear(rgba[o]);
    g[p] += weight * srgbToLinear(rgba[o + 1]);
    b[p] += weight * srgbToLinear(rgba[o + 2]);
    total += weight;
  }
  const lab = oklabPlanes(n);
  for (let p = 0; p < n; p++) {
    linearToOklabAt(r[p] / w[p], g[p] / w[p], b[p] / w[p], lab, p);
    pointOfBin[binOfPoint[p]] = 0;
  }
  return { ...lab, w: w.subarray(0, n), n, total };
}

/** A run of `order`; each box's best split is scored once, when the box is made. */
interface Box {
  start: number;
  end: number;
  /** Weight × variance along `axis`: the squared error a split there could remove. */
  score: number;
  axis: Float64Array;
}

/**
 * Seeds: repeatedly halve (by weight, at the median) the box whose split removes the most error.
 * Boxes are runs of one index array, split by a stable partition (no sort), so each box lists its
 * points in index order and every sum over it is deterministic.
 */
function medianCut(pts: Points, k: number): Cluster[] {
  const order = new Int32Array(pts.n);
  for (let i = 0; i < pts.n; i++) order[i] = i;
  const scratch = new Int32Array(pts.n);
  const boxes = [scoreBox(pts, order, 0, pts.n)];
  while (boxes.length < k) {
    let best = -1;
    let bestScore = MIN_SPLIT_SCORE;
    for (let i = 0; i < boxes.length; i++) {
      if (boxes[i].score > bestScore) {
        best = i;
        bestScore = boxes[i].score;
      }
    }
    if (best < 0) break;
    const box = boxes[best];
    const mid = splitBox(pts, order, box, scratch);
    boxes.splice(best, 1, scoreBox(pts, order, box.start, mid), scoreBox(pts, order, mid, box.end));
  }
  return boxes.map((box) => centroid(pts, order, box.start, box.end));
}

function scoreBox(pts: Points, order: Int32Array, start: number, end: number): Box {
  const { L, a, b, w } = pts;
  const mean = centroid(pts, order, start, end);
  let sL = 0;
  let sa = 0;
  let sb = 0;
  for (let q = start; q < end; q++) {
    const j = order[q];
    sL += w[j] * (L[j] - mean.L) ** 2;
    sa += w[j] * (a[j] - mean.a) ** 2;
    sb += w[j] * (b[j] - mean.b) ** 2;
  }
  if (sb > sL && sb > sa) return { start, end, score: sb, axis: b };
  if (sa > sL) return { start, end, score: sa, axis: a };
  return { start, end, score: sL, axis: L };
}

/**
 * Moves the box's points below the weighted median of its axis to the front, keeping their order,
 * and returns where the upper half starts. The median is found on a histogram of the box's value
 * range; the bin holding it goes to the upper half, but the lower half keeps at least one bin.
 */
function splitBox(pts: Points, order: Int32Array, box: Box, scratch: Int32Array): number {
  const { start, end, axis: values } = box;
  const { w } = pts;
  let min = Infinity;
  let max = -Infinity;
  for (let q = start; q < end; q++) {
    const v = values[order[q]];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // A box is only split when it has variance along its axis, so max > min.
  const scale = SPLIT_BINS / (max - min);
  const bin = new Uint16Array(end - start);
  const hist = new Float64Array(SPLIT_BINS);
  let total = 0;
  for (let q = start; q < end; q++) {
    const j = order[q];
    const h = Math.min(SPLIT_BINS - 1, Math.floor((values[j] - min) * scale));
    bin[q - start] = h;
    hist[h] += w[j];
    total += w[j];
  }
  let cut = 0;
  for (let acc = 0; acc + hist[cut] < total / 2; cut++) acc += hist[cut];
  cut = Math.max(1, cut);
  let lo = start;
  let hi = 0;
  for (let q = start; q < end; q++) {
    if (bin[q - start] < cut) order[lo++] = order[q];
    else scratch[hi++] = order[q];
  }
  order.set(scratch.subarray(0, hi), lo);
  return lo;
}

/**
 * Lloyd iterations until no point changes cluster (at most LLOYD_ITERATIONS). Each pass assigns
 * every point and sums the new centres in the same loop, in index order. A cluster that loses all
 * its points keeps its place, so owners stay valid, and is dropped at the end.
 */
function refine(pts: Points, seeds: Cluster[]): Cluster[] {
  const { L, a, b, w, n } = pts;
  const k = seeds.length;
  const cL = Float64Array.from(seeds, (c) => c.L);
  const ca = Float64Array.from(seeds, (c) => c.a);
  const cb = Float64Array.from(seeds, (c) => c.b);
  const cw = new Float64Array(k);
  const sL = new Float64Array(k);
  const sa = new Float64Array(k);
  const sb = new Float64Array(k);
  const owner = new Int32Array(n);
  for (let it = 0; it < LLOYD_ITERATIONS; it++) {
    cw.fill(0);
    sL.fill(0);
    sa.fill(0);
    sb.fill(0);
    let moved = false;
    for (let i = 0; i < n; i++) {
      const pL = L[i];
      const pa = a[i];
      const pb = b[i];
      // Start from the point's current cluster: most points keep it, so the test below is
      // predictably false (mispredicted branches otherwise dominate this loop).
      let best = owner[i];
      let bestD = distance2(pL, pa, pb, cL[best], ca[best], cb[best]);
      for (let c = 0; c < k; c++) {
        const d = distance2(pL, pa, pb, cL[c], ca[c], cb[c]);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (best !== owner[i]) {
        owner[i] = best;
        moved = true;
      }
      cw[best] += w[i];
      sL[best] += w[i] * pL;
      sa[best] += w[i] * pa;
      sb[best] += w[i] * pb;
    }
    if (it > 0 && !moved) break; // converged: the new sums reproduce the current centres
    for (let c = 0; c < k; c++) {
      if (cw[c] === 0) continue;
      cL[c] = sL[c] / cw[c];
      ca[c] = sa[c] / cw[c];
      cb[c] = sb[c] / cw[c];
    }
  }
  const centres: Cluster[] = [];
  for (let c = 0; c < k; c++) if (cw[c] > 0) centres.push({ L: cL[c], a: ca[c], b: cb[c], w: cw[c] });
  return centres;
}

function mergeClose(centres: Cluster[]): Cluster[] {
  const out = centres.slice().sort((p, q) => q.w - p.w);
  for (let i = 0; i < out.length; i++) {
    for (let j = out.length - 1; j > i; j--) {
      if (distance(out[i], out[j]) < MERGE_DISTANCE) out[i] = mergeTwo(out[i], out.splice(j, 1)[0]);
    }
  }
  return out;
}

function centroid(pts: Points, order: Int32Array, start: number, end: number): Cluster {
  const { L, a, b, w } = pts;
  let sw = 0;
  let sL = 0;
  let sa = 0;
  let sb = 0;
  for (let q = start; q < end; q++) {
    const j = order[q];
    sw += w[j];
    sL += w[j] * L[j];
    sa += w[j] * a[j];
    sb += w[j] * b[j];
  }
  return sw > 0 ? { L: sL / sw, a: sa / sw, b: sb / sw, w: sw } : { L: 0, a: 0, b: 0, w: 0 };
}

function mergeTwo(p: Cluster, q: Cluster): Cluster {
  const w = p.w + q.w;
  return { L: (p.L * p.w + q.L * q.w) / w, a: (p.a * p.w + q.a * q.w) / w, b: (p.b * p.w + q.b * q.w) / w, w };
}

function distance(p: Oklab, q: Oklab): number {
  return Math.sqrt(distance2(p.L, p.a, p.b, q.L, q.a, q.b));
}

function distance2(L1: number, a1: number, b1: number, L2: number, a2: number, b2: number): number {
  const dL = L1 - L2;
  const da = a1 - a2;
  const db = b1 - b2;
  return dL * dL + da * da + db * db;
}
