import sharp from 'sharp';

/** Raw, EXIF-oriented, 8-bit sRGB pixels, row-major, interleaved; shared by every image step. */
export interface DecodedImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  hasAlpha: boolean;
}

/** Wraps decoded pixels in a sharp pipeline without touching the original file again. */
export function sharpFromDecoded(img: DecodedImage): sharp.Sharp {
  assertDecodedImage(img);
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
}

export function assertDecodedImage(img: DecodedImage): void {
  const { width, height, channels, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`DecodedImage has invalid dimensions ${width}x${height}`);
  }
  if (channels !== 3 && channels !== 4) throw new RangeError(`DecodedImage has ${channels} channels`);
  if (data.length !== width * height * channels) {
    throw new RangeError(`DecodedImage buffer is ${data.length} bytes, expected ${width * height * channels}`);
  }
}
