/** Colour conversions on 8-bit sRGB triples; OKLab for distances, HSL for naming. */

export interface Oklab {
  L: number;
  a: number;
  b: number;
}

/** Per-pixel OKLab as three parallel planes, so hot loops allocate no object per pixel. */
export interface OklabPlanes {
  L: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

const LINEAR = Float64Array.from({ length: 256 }, (_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
});

export function oklabPlanes(n: number): OklabPlanes {
  return { L: new Float64Array(n), a: new Float64Array(n), b: new Float64Array(n) };
}

/** 8-bit sRGB channel value → linear light, 0..1. */
export function srgbToLinear(c: number): number {
  return LINEAR[c & 255];
}

/** Björn Ottosson's OKLab (Euclidean distance ≈ perceived difference, L in 0..1), written to entry i of out. */
export function srgbToOklabAt(r: number, g: number, b: number, out: OklabPlanes, i: number): void {
  linearToOklabAt(LINEAR[r & 255], LINEAR[g & 255], LINEAR[b & 255], out, i);
}

export function linearToOklabAt(r: number, g: number, b: number, out: OklabPlanes, i: number): void {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  out.L[i] = 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s;
  out.a[i] = 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s;
  out.b[i] = 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s;
}

export function oklabToSrgb({ L, a, b }: Oklab): [number, number, number] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const lin = [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
  return lin.map((c) => {
    const v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(Math.max(c, 0), 1 / 2.4) - 0.055;
    return Math.min(255, Math.max(0, Math.round(v * 255)));
  }) as [number, number, number];
}

/** h in degrees 0..360, s and l in 0..1. */
export function rgbToHsl(r: number, g: number, b: number): { h: number; s: number; l: number } {
  const rn = r / 255;
  const gn = g / 255;
  const bn = b / 255;
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  let h: number;
  if (max === rn) h = ((gn - bn) / d) % 6;
  else if (max === gn) h = (bn - rn) / d + 2;
  else h = (rn - gn) / d + 4;
  h *= 60;
  return { h: h < 0 ? h + 360 : h, s, l };
}

export function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
