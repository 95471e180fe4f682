/**
 * Whether an image file ends before its container says it does, read from the bytes alone.
 *
 * Why not libvips's message: sharp appends libvips's error buffer, which is process-global; under
 * concurrent decodes another thread can clear it first, so the same cut-off JPEG fails as
 * "corrupt header:" with no detail in one run and "premature end of JPEG" in the next.
 * Only called once the decoder has already failed: it picks the reason, it never rejects a file.
 * Returns what is missing, or null when the file is complete or not a format walked here.
 */
export function findTruncation(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegTruncation(b);
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return pngTruncation(b);
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return webpTruncation(b);
  return null;
}

const isRst = (m: number): boolean => m >= 0xd0 && m <= 0xd7;

/** Walks the marker segments and skips entropy-coded data after each SOS until EOI. */
function jpegTruncation(b: Buffer): string | null {
  let i = 2;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) return null; // no marker where one must be: damaged, not cut off
    const marker = b[i + 1];
    if (marker === 0xff) { i += 1; continue; } // fill byte
    if (marker === 0xd9) return null; // EOI
    if (isRst(marker) || marker === 0x01) { i += 2; continue; } // no length field
    if (marker < 0xc0) return null; // not a marker at all: damaged, not cut off
    if (i + 4 > b.length) break;
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return null;
    i += 2 + length;
    if (marker === 0xda) {
      // Scan data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker.
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0x00 && !isRst(b[i + 1]))) i += 1;
    }
  }
  return `JPEG data ends at byte ${b.length}, before its end-of-image marker`;
}

/** Walks the chunks until IEND; IHDR first, as the format requires. */
function pngTruncation(b: Buffer): string | null {
  let i = 8;
  while (i + 8 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    // An invalid length or type, or no IHDR first: damaged, not cut off.
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type) || (i === 8 && (type !== 'IHDR' || length !== 13))) return null;
    if (type === 'IEND') return null;
    i += 12 + length;
  }
  return `PNG data ends at byte ${b.length}, before its IEND chunk`;
}

/** The RIFF header states the file's length. */
function webpTruncation(b: Buffer): string | null {
  const expected = 8 + b.readUInt32LE(4);
  return b.length < expected ? `WebP data ends at byte ${b.length}; its RIFF header declares ${expected} bytes` : null;
}
