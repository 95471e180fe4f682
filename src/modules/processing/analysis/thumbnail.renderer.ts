import sharp from 'sharp';
import { DecodedImage, sharpFromDecoded } from './decoded-image';

export interface Rendition {
  /** Requested long-side size (the key callers store it under), not necessarily the output size. */
  size: number;
  width: number;
  height: number;
  data: Buffer;
  mime: 'image/webp';
}

/** sharp's own WebP defaults, spelled out so a baseline benchmark can use the very same ones. */
export const THUMBNAIL_WEBP_OPTIONS: Readonly<sharp.WebpOptions> = { quality: 80, effort: 4 };

/**
 * Encodes one WebP per requested long-side size straight from the decoded pixels (no second
 * decode). Never upscales; sizes that end up with the same dimensions share one encode.
 * Encodes run concurrently so several libuv threads can work on one image.
 */
export async function renderThumbnails(
  img: DecodedImage,
  sizes: readonly number[],
  webp: sharp.WebpOptions = THUMBNAIL_WEBP_OPTIONS,
  resized: readonly DecodedImage[] = [],
): Promise<Rendition[]> {
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Thumbnail size must be a positive integer, got ${size}`);
  }
  const encodes = new Map<string, Promise<Buffer>>();
  const planned = sizes.map((size) => {
    const dims = fitLongSide(img.width, img.height, size);
    const key = `${dims.width}x${dims.height}`;
    // Pixels already resized to these dimensions (resizePixels) are encoded as they are.
    const ready = resized.find((r) => r.width === dims.width && r.height === dims.height);
    if (!encodes.has(key)) encodes.set(key, encode(ready ?? img, dims, webp));
    return { size, ...dims, key };
  });
  return Promise.all(
    planned.map(async ({ size, width, height, key }) => ({
      size,
      width,
      height,
      data: await encodes.get(key)!,
      mime: 'image/webp' as const,
    })),
  );
}

/** Long side becomes `size` unless the image is already smaller; never below 1 px. */
export function fitLongSide(width: number, height: number, size: number): { width: number; height: number } {
  const scale = Math.min(1, size / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function encode(img: DecodedImage, dims: { width: number; height: number }, webp: sharp.WebpOptions): Promise<Buffer> {
  let pipeline = sharpFromDecoded(img);
  if (dims.width !== img.width || dims.height !== img.height) {
    pipeline = pipeline.resize({ ...dims, fit: 'fill' });
  }
  return pipeline.webp(webp).toBuffer();
}

/** The pixels resized to `size` on the long side (never upscaled), as raw pixels: the same resize a rendition of that size gets. */
export async function resizePixels(img: DecodedImage, size: number): Promise<DecodedImage> {
  const dims = fitLongSide(img.width, img.height, size);
  if (dims.width === img.width && dims.height === img.height) return img;
  const { data, info } = await sharpFromDecoded(img).resize({ ...dims, fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const channels = info.channels as 3 | 4;
  return { data, width: info.width, height: info.height, channels, hasAlpha: channels === 4 };
}
