import exifr from 'exifr';
import type { ExifSummary } from './embedded-metadata.types';
import { decodeUserComment } from './user-comment.decoder';

export interface ExifRead {
  exif: ExifSummary;
  userComment?: string;
  imageDescription?: string;
  /** Raw XMP packet when exifr found one (JPEG/TIFF/HEIC). */
  xmp?: string;
  iptc?: Record<string, unknown>;
  /** Selected raw tags for `raw` (binary values dropped). */
  tags: Record<string, unknown>;
  error?: string;
}

// translateValues/reviveValues off: numeric Orientation, and dates as the raw "YYYY:MM:DD HH:MM:SS"
// strings (exifr would otherwise turn zone-less dates into process-local Date objects).
const OPTIONS = {
  tiff: true, exif: true, gps: false, interop: false, ifd1: false, makerNote: false, userComment: true,
  xmp: { parse: false }, iptc: true, icc: false, jfif: false, ihdr: false,
  translateValues: false, reviveValues: false, mergeOutput: false, sanitize: true,
};

/**
 * Reads EXIF/XMP/IPTC with exifr from a file path, a whole file in memory, or a bare TIFF/EXIF
 * block. Never throws. From a path exifr reads chunks and gives up on JPEG APP segments after its
 * chunk limit (~320 KB of other segments in front); bytes in memory are searched in full.
 */
export async function readExif(input: string | Buffer): Promise<ExifRead> {
  let out: Record<string, unknown> | undefined;
  try {
    out = (await exifr.parse(input, OPTIONS as never)) as Record<string, unknown> | undefined;
  } catch (err) {
    return { exif: {}, tags: {}, error: (err as Error).message };
  }
  return mapExifrOutput(out ?? {});
}

export function mapExifrOutput(out: Record<string, unknown>): ExifRead {
  const ifd0 = record(out['ifd0']);
  const exifIfd = record(out['exif']);
  const exif: ExifSummary = {};
  const orientation = ifd0['Orientation'];
  if (typeof orientation === 'number' && orientation >= 1 && orientation <= 8) exif.orientation = orientation;
  const captured = exifDateToIso(exifIfd['DateTimeOriginal'] ?? exifIfd['CreateDate'] ?? ifd0['ModifyDate'], exifIfd['OffsetTimeOriginal'] ?? exifIfd['OffsetTime']);
  if (captured) exif.capturedAt = captured;
  for (const [key, tag] of [['make', 'Make'], ['model', 'Model'], ['software', 'Software']] as const) {
    const v = cleanString(ifd0[tag]);
    if (v) exif[key] = v;
  }
  const result: ExifRead = { exif, tags: {} };
  // With userComment:true exifr moves the tag to a top-level `userComment` block.
  const userComment = decodeUserComment(out['userComment'] ?? exifIfd['UserComment']);
  if (userComment) result.userComment = userComment;
  const description = cleanString(ifd0['ImageDescription']);
  if (description) result.imageDescription = description;
  if (typeof out['xmp'] === 'string') result.xmp = out['xmp'];
  if (out['iptc'] && typeof out['iptc'] === 'object') result.iptc = textOnly(record(out['iptc']));
  result.tags = { ...textOnly(ifd0), ...textOnly(exifIfd) };
  delete result.tags['UserComment'];
  return result;
}

/** "2023:04:22 13:40:57" (+ "+02:00") -> "2023-04-22T13:40:57+02:00"; no zone is invented. */
export function exifDateToIso(value: unknown, offset: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m || m[1] === '0000') return undefined;
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '';
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`;
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function cleanString(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\0+$/, '').trim();
  return s || undefined;
}

/** Drops binary blobs (thumbnails, maker notes) from raw output. */
function textOnly(tags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tags)) {
    if (v instanceof Uint8Array || ArrayBuffer.isView(v)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x !== 'object'))) out[k] = v;
  }
  return out;
}
