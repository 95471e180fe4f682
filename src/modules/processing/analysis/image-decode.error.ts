import { readFile, stat } from 'node:fs/promises';
import { findTruncation } from './image-truncation';

/** Why an input could not be turned into pixels. Stable codes: stored with failed jobs. */
export type ImageDecodeReason =
  | 'empty'
  | 'not_found'
  | 'unsupported_format'
  | 'truncated'
  | 'corrupt'
  | 'too_many_pixels'
  | 'invalid_options';

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';

  constructor(
    readonly reason: ImageDecodeReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Maps a libvips/sharp message to a reason; libvips repeats lines, so they are de-duplicated. */
function classifySharpError(err: unknown): ImageDecodeError {
  const raw = err instanceof Error ? err.message : String(err);
  const lines = [...new Set(raw.split('\n').map((l) => l.trim()).filter(Boolean))];
  const detail = lines.join(' ').slice(0, 300);
  const reason = reasonFor(raw);
  return new ImageDecodeError(reason, `${MESSAGES[reason]} (${detail})`, { cause: err });
}

/**
 * classifySharpError, with the reason for a damaged file taken from its bytes when they show it
 * was cut off: libvips's own message for that is not reliable under concurrency (image-truncation.ts).
 */
export async function classifyDecodeFailure(err: unknown, input: string | Buffer): Promise<ImageDecodeError> {
  const fromDecoder = classifySharpError(err);
  if (!DAMAGE.has(fromDecoder.reason)) return fromDecoder;
  const bytes = Buffer.isBuffer(input) ? input : await smallFile(input);
  const cut = bytes ? findTruncation(bytes) : null;
  return cut ? new ImageDecodeError('truncated', `${MESSAGES.truncated} (${cut})`, { cause: err }) : fromDecoder;
}

/** A file the decoder was given by path is read for the check only up to this size (the error path of a huge file stays cheap). */
const CHECK_FILE_MAX_BYTES = 64 * 1024 * 1024;

async function smallFile(path: string): Promise<Buffer | null> {
  try {
    return (await stat(path)).size <= CHECK_FILE_MAX_BYTES ? await readFile(path) : null;
  } catch {
    return null;
  }
}

/** Reasons a structural check may refine; the others come from checks made before decoding. */
const DAMAGE = new Set<ImageDecodeReason>(['truncated', 'corrupt', 'unsupported_format']);

function reasonFor(message: string): ImageDecodeReason {
  const m = message.toLowerCase();
  if (m.includes('exceeds pixel limit')) return 'too_many_pixels';
  if (m.includes('is empty')) return 'empty';
  if (m.includes('input file is missing')) return 'not_found';
  if (m.includes('unsupported image format')) return 'unsupported_format';
  if (m.includes('premature end') || m.includes('truncated') || m.includes('not enough data')) {
    return 'truncated';
  }
  return 'corrupt';
}

const MESSAGES: Record<ImageDecodeReason, string> = {
  empty: 'Image input is empty',
  not_found: 'Image file does not exist',
  unsupported_format: 'Input is not an image in a supported format',
  truncated: 'Image data is truncated',
  corrupt: 'Image data is corrupt and cannot be decoded',
  too_many_pixels: 'Image dimensions exceed the pixel limit',
  invalid_options: 'Invalid decode options',
};
