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

type Axis = 'L' | 'a' | 'b';
const AXES: Axis[] = ['L', 'a', 'b'];

/** Seeds: repeatedly halve (by weight, at the median) the box whose split removes the most error. */
function medianCut(pts: Points, k: number): Cluster[] {
  const boxes: number[][] = [Array.from({ length: pts.n }, (_, i) => i)];
  while (boxes.length < k) {
    let best = -1;
    let bestScore = 1e-6;
    let bestAxis: Axis = 'L';
    boxes.forEach((box, i) => {
      const mean = centroid(pts, box);
      for (const axis of AXES) {
        const values = pts[axis];
        let score = 0; // weight × variance = the squared error a split could remove
        for (const j of box) score += pts.w[j] * (values[j] - mean[axis]) ** 2;
        if (score > bestScore) [best, bestScore, bestAxis] = [i, score, axis];
      }
    });
    if (best < 0) break;
    const values = pts[bestAxis];
    const box = boxes[best].slice().sort((p, q) => values[p] - values[q]);
    const half = box.reduce((s, j) => s + pts.w[j], 0) / 2;
    let acc = 0;
    let cut = 0;
    while (cut < box.length - 1 && acc + pts.w[box[cut]] < half) acc += pts.w[box[cut++]];
    const splitAt = Math.max(1, cut);
    boxes.splice(best, 1, box.slice(0, splitAt), box.slice(splitAt));
  }
  return boxes.map((box) => centroid(pts, box));
}

function refine(pts: Points, seeds: Cluster[]): Cluster[] {
  let centres = seeds;
  const owner = new Int32Array(pts.n).fill(-1);
  for (let it = 0; it < LLOYD_ITERATIONS; it++) {
    let moved = false;
    for (let i = 0; i < pts.n; i++) {
      let bestD = Infinity;
      let best = 0;
      for (let c = 0; c < centres.length; c++) {
        const d = (pts.L[i] - centres[c].L) ** 2 + (pts.a[i] - centres[c].a) ** 2 + (pts.b[i] - centres[c].b) ** 2;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (owner[i] !== best) moved = true;
      owner[i] = best;
    }
    if (!moved) break; // converged
    const groups: number[][] = centres.map(() => []);
    for (let i = 0; i < pts.n; i++) groups[owner[i]].push(i);
    centres = groups.filter((g) => g.length > 0).map((g) => centroid(pts, g));
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
