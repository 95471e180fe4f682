import { setFlagsFromString } from 'node:v8';

/**
 * Fixes V8's heap growth factor at 1 + percent/100 (0: keep V8's adaptive policy).
 *
 * Why a worker does this: most of its memory lives outside the JS heap (sharp reports each decoded
 * image and each original's bytes to V8 as external memory). V8's adaptive policy sees a small heap
 * that it marks quickly, so its global limit lets heap + external memory grow only 10–90 % past what
 * survived the last full collection: with ~14 MB of pixels per image that meant a full collection
 * (marking the whole ~40 MB heap) every few images. At a factor of 2 they are about three times
 * rarer (11 → 4 per 96 images), for ~10–40 MB more peak RSS (docs/BENCHMARKS.md, pipeline session 6).
 *
 * V8 reads the flag each time it recomputes its limits, so setting it at startup, before the
 * application loads, takes effect for the whole process.
 */
export function setHeapGrowthPercent(percent: number): void {
  // The value comes from the config, which admits whole numbers 0 … 400 only (PROCESSING_HEAP_GROWTH_PERCENT).
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
