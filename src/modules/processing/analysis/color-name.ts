import { rgbToHsl } from './color-space';

export const COLOR_BUCKETS = [
  'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink', 'brown', 'black', 'white', 'grey',
] as const;
export type ColorBucket = (typeof COLOR_BUCKETS)[number];

/**
 * Names an sRGB colour with HSL rules. Thresholds were chosen against CSS named colours
 * (see color-name.spec.ts): near-black/near-white first, then low saturation by lightness,
 * then hue sectors with brown carved out of dark or muted reds/oranges/yellows and pink
 * out of light reds.
 */
export function colorBucket(r: number, g: number, b: number): ColorBucket {
  const { h, s, l } = rgbToHsl(r, g, b);
  if (l < 0.1) return 'black';
  if (l > 0.94) return 'white';
  // HSL saturation overstates chroma near the lightness extremes, so require more there.
  const chroma = s * (1 - Math.abs(2 * l - 1));
  if (s < 0.15 || chroma < 0.12) return l < 0.25 ? 'black' : l > 0.8 ? 'white' : 'grey';
  if (h < 12 || h >= 345) {
    if (l >= 0.72) return 'pink';
    return s < 0.65 && l < 0.45 ? 'brown' : 'red';
  }
  if (h < 45) return l < 0.45 || (s < 0.5 && l < 0.75) ? 'brown' : 'orange';
  if (h < 68) return l < 0.3 ? 'brown' : 'yellow';
  if (h < 165) return 'green';
  if (h < 195) return 'teal';
  if (h < 255) return 'blue';
  if (h < 300) return 'purple';
  if (h < 330) return l < 0.4 ? 'purple' : 'pink';
  return 'pink';
}
