import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { DecodedImage } from './decoded-image';
import { classifyDecodeFailure, ImageDecodeError } from './image-decode.error';

export interface DecodeOptions {
  /** Refuse inputs whose header declares more pixels than this (decompression-bomb guard). */
  limitInputPixels: number;
  /**
   * Default 'error': truncated files and decoder errors reject (a cut-off JPEG would otherwise
   * decode with a grey bottom half and poison thumbnails and hashes), while libjpeg/libpng
   * *warnings* that real camera and editor output often carries (e.g. extraneous bytes) are
   * tolerated. 'warning' is stricter; 'none' decodes whatever is there.
   */
  failOn?: sharp.FailOnOptions;
}

/**
 * Decodes once for the whole pipeline: EXIF orientation applied, embedded ICC / other
 * colourspaces converted to sRGB, 8-bit interleaved RGB or RGBA. Animated inputs give the
 * first frame. Every failure rejects with ImageDecodeError; nothing throws synchronously.
 */
export async function decodeImage(input: string | Buffer, opts: DecodeOptions): Promise<DecodedImage> {
  const limit = opts.limitInputPixels;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    // 0 would mean "unlimited" to sharp, silently disabling the bomb guard.
    throw new ImageDecodeError('invalid_options', `limitInputPixels must be a positive integer, got ${limit}`);
  }
  const byteLength = Buffer.isBuffer(input) ? input.length : await fileSize(input);
  if (byteLength === 0) throw new ImageDecodeError('empty', 'Image input is empty (zero bytes)');
  try {
    const { data, info } = await sharp(input, { failOn: opts.failOn ?? 'error', limitInputPixels: limit })
      .rotate()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return toDecoded(data, info);
  } catch (err) {
    if (err instanceof ImageDecodeError) throw err;
    throw await classifyDecodeFailure(err, input);
  }
}

/** Lets an empty or missing file get its own reason instead of sharp's "unsupported format". */
async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    throw new ImageDecodeError('not_found', `Image file cannot be read: ${path}`, { cause: err });
  }
}

function toDecoded(data: Buffer, info: sharp.OutputInfo): DecodedImage {
  const channels = info.channels;
  if (channels !== 3 && channels !== 4) {
    throw new ImageDecodeError('corrupt', `Decoder produced ${channels} channels, expected 3 or 4`);
  }
  return { data, width: info.width, height: info.height, channels, hasAlpha: channels === 4 };
}
