/**
 * EXIF UserComment: 8-byte charset prefix then payload. "UNICODE\0" is UTF-16 whose byte order
 * should follow the TIFF header, but A1111/piexif always write big-endian, so guess from the bytes.
 */
export function decodeUserComment(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(/\0+$/, '') || undefined;
  if (!(value instanceof Uint8Array)) return undefined;
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const prefix = bytes.toString('latin1', 0, Math.min(8, bytes.length));
  const body = bytes.length > 8 ? bytes.subarray(8) : Buffer.alloc(0);
  let text: string;
  if (prefix.startsWith('UNICODE')) text = decodeUtf16Guess(body);
  else if (prefix.startsWith('ASCII') || prefix === '\0\0\0\0\0\0\0\0') text = decodeUtf8Loose(body);
  else if (prefix.startsWith('JIS')) text = body.toString('latin1'); // no Shift-JIS decoder in Node; rare in practice
  else text = decodeUtf8Loose(bytes);
  text = text.replace(/\0+$/, '');
  return text.trim() ? text : undefined;
}

export function decodeUtf16Guess(body: Buffer): string {
  let data = body;
  let bigEndian: boolean;
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) { bigEndian = true; data = data.subarray(2); }
  else if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) { bigEndian = false; data = data.subarray(2); }
  else {
    // ASCII-heavy text has zero high bytes: zeros at even offsets mean big-endian.
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i + 1 < data.length; i += 2) {
      if (data[i] === 0) evenZeros++;
      if (data[i + 1] === 0) oddZeros++;
    }
    bigEndian = evenZeros >= oddZeros;
  }
  const even = data.subarray(0, data.length - (data.length % 2));
  if (!bigEndian) return even.toString('utf16le');
  const swapped = Buffer.from(even);
  swapped.swap16();
  return swapped.toString('utf16le');
}

function decodeUtf8Loose(bytes: Buffer): string {
  return new TextDecoder('utf-8').decode(bytes);
}
