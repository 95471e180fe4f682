import { AnalysisSample, downscaleForAnalysis } from './analysis-sample';
import { ColorBucket, colorBucket } from './color-name';
import { Oklab, oklabToSrgb, srgbToOklab, toHex } from './color-space';
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

interface Cluster extends Oklab {
  w: number;
}

/** Struct-of-arrays: the clustering loops run over ~4k points many times. */
interface Points {
  L: Float64Array;
  a: Float64Array;
  b: Float64Array;
  w: Float64Array;
  n: number;
}

export async function computePalette(img: DecodedImage): Promise<PaletteColor[]> {
  return paletteFromSample(await downscaleForAnalysis(img));
}

/**
 * Deterministic: median-cut in OKLab seeds up to six clusters, Lloyd iterations refine them,
 * near-identical clusters merge, crumbs under 2 % drop. Heaviest first.
 */
export function paletteFromSample(sample: AnalysisSample): PaletteColor[] {
  const points = visiblePoints(sample);
  if (points.n === 0) return [];
  const centres = refine(points, medianCut(points, MAX_PALETTE_COLORS));
  const visible = points.w.reduce((s, w) => s + w, 0);
  const clusters = mergeClose(centres).filter((c) => c.w / visible >= MIN_CLUSTER_WEIGHT);
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

function visiblePoints(sample: AnalysisSample): Points {
  const { rgba } = sample;
  const cap = rgba.length / 4;
  const pts: Points = { L: new Float64Array(cap), a: new Float64Array(cap), b: new Float64Array(cap), w: new Float64Array(cap), n: 0 };
  for (let o = 0; o < rgba.length; o += 4) {
    const alpha = rgba[o + 3];
    if (alpha <= MIN_ALPHA) continue;
    const c = srgbToOklab(rgba[o], rgba[o + 1], rgba[o + 2]);
    pts.L[pts.n] = c.L;
    pts.a[pts.n] = c.a;
    pts.b[pts.n] = c.b;
    pts.w[pts.n++] = alpha / 255;
  }
  return pts;
}

/**
 * Seeds: repeatedly halve (by weight, at the median) the box whose split removes the most error.
 * Plain index loops, and each box's best split is computed once and cached: this runs cold (not
 * yet optimised by the JIT) on a worker's first images, where closures and re-scans cost most.
 */
function medianCut(pts: Points, k: number): Cluster[] {
  const axes = [pts.L, pts.a, pts.b];
  const all: number[] = new Array<number>(pts.n);
  for (let i = 0; i < pts.n; i++) all[i] = i;
  const boxes: number[][] = [all];
  // Per box, computed once: weight × variance along its best axis (the squared error a split could remove), and that axis.
  const scoreBox = (box: number[]): [number, number] => {
    const mean = centroid(pts, box);
    const means = [mean.L, mean.a, mean.b];
    let boxScore = -Infinity;
    let boxAxis = 0;
    for (let ax = 0; ax < 3; ax++) {
      const values = axes[ax];
      const m = means[ax];
      let score = 0;
      for (let q = 0; q < box.length; q++) {
        const j = box[q];
        score += pts.w[j] * (values[j] - m) ** 2;
      }
      if (score > boxScore) {
        boxScore = score;
        boxAxis = ax;
      }
    }
    return [boxScore, boxAxis];
  };
  const splits = [scoreBox(all)];
  while (boxes.length < k) {
    let best = -1;
    let bestScore = 1e-6;
    for (let i = 0; i < boxes.length; i++) {
      if (splits[i][0] > bestScore) {
        best = i;
        bestScore = splits[i][0];
      }
    }
    if (best < 0) break;
    const values = axes[splits[best][1]];
    const box = boxes[best].slice().sort((p, q) => values[p] - values[q]);
    let half = 0;
    for (let q = 0; q < box.length; q++) half += pts.w[box[q]];
    half /= 2;
    let acc = 0;
    let cut = 0;
    while (cut < box.length - 1 && acc + pts.w[box[cut]] < half) acc += pts.w[box[cut++]];
    const splitAt = Math.max(1, cut);
    const lo = box.slice(0, splitAt);
    const hi = box.slice(splitAt);
    boxes.splice(best, 1, lo, hi);
    splits.splice(best, 1, scoreBox(lo), scoreBox(hi));
  }
  return boxes.map((box) => centroid(pts, box));
}

/** Lloyd iterations; each new centre sums its members in index order, as centroid() does. */
function refine(pts: Points, seeds: Cluster[]): Cluster[] {
  let centres = seeds;
  const owner = new Int32Array(pts.n).fill(-1);
  const { L, a, b, w } = pts;
  for (let it = 0; it < LLOYD_ITERATIONS; it++) {
    const k = centres.length;
    const cL = new Float64Array(k);
    const ca = new Float64Array(k);
    const cb = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      cL[c] = centres[c].L;
      ca[c] = centres[c].a;
      cb[c] = centres[c].b;
    }
    let moved = false;
    for (let i = 0; i < pts.n; i++) {
      let bestD = Infinity;
      let best = 0;
      for (let c = 0; c < k; c++) {
        const d = (L[i] - cL[c]) ** 2 + (a[i] - ca[c]) ** 2 + (b[i] - cb[c]) ** 2;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (owner[i] !== best) moved = true;
      owner[i] = best;
    }
    if (!moved) break; // converged
    const sw = new Float64Array(k);
    const sL = new Float64Array(k);
    const sa = new Float64Array(k);
    const sb = new Float64Array(k);
    const count = new Int32Array(k);
    for (let i = 0; i < pts.n; i++) {
      const c = owner[i];
      count[c]++;
      sw[c] += w[i];
      sL[c] += w[i] * L[i];
      sa[c] += w[i] * a[i];
      sb[c] += w[i] * b[i];
    }
    const next: Cluster[] = [];
    for (let c = 0; c < k; c++) {
      if (count[c] === 0) continue;
      next.push(sw[c] > 0 ? { L: sL[c] / sw[c], a: sa[c] / sw[c], b: sb[c] / sw[c], w: sw[c] } : { L: 0, a: 0, b: 0, w: 0 });
    }
    centres = next;
  }
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

function centroid(pts: Points, members: number[]): Cluster {
  let w = 0;
  let L = 0;
  let a = 0;
  let b = 0;
  for (const j of members) {
    w += pts.w[j];
    L += pts.w[j] * pts.L[j];
    a += pts.w[j] * pts.a[j];
    b += pts.w[j] * pts.b[j];
  }
  return w > 0 ? { L: L / w, a: a / w, b: b / w, w } : { L: 0, a: 0, b: 0, w: 0 };
}

function mergeTwo(p: Cluster, q: Cluster): Cluster {
  const w = p.w + q.w;
  return { L: (p.L * p.w + q.L * q.w) / w, a: (p.a * p.w + q.a * q.w) / w, b: (p.b * p.w + q.b * q.w) / w, w };
}

function distance(p: Oklab, q: Oklab): number {
  return Math.sqrt((p.L - q.L) ** 2 + (p.a - q.a) ** 2 + (p.b - q.b) ** 2);
}
