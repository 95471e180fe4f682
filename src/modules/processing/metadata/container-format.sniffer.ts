import type { ByteSource } from './byte-range.source';

export type ContainerFormat = 'png' | 'jpeg' | 'webp' | 'bmff' | 'tiff' | 'gif' | 'unknown';

export interface SniffResult {
  format: ContainerFormat;
  /** MIME derived from the magic bytes (the caller's MIME may be wrong). */
  mime?: string;
}

/** Reads the first bytes; never throws. */
export async function sniffContainer(source: ByteSource): Promise<SniffResult> {
  try {
    return sniffBytes(await source.read(0, 32));
  } catch {
    return { format: 'unknown' };
  }
}

export function sniffBytes(b: Buffer): SniffResult {
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47) return { format: 'png', mime: 'image/png' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg', mime: 'image/jpeg' };
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return { format: 'webp', mime: 'image/webp' };
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') {
    const brand = b.toString('latin1', 8, 12);
    const mime = /^(heic|heix|heim|heis|mif1|msf1)$/.test(brand) ? 'image/heic' : /^avi[fs]$/.test(brand) ? 'image/avif' : brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
    return { format: 'bmff', mime };
  }
  if (b.length >= 4 && (b.toString('latin1', 0, 4) === 'II*\0' || b.toString('latin1', 0, 4) === 'MM\0*')) return { format: 'tiff', mime: 'image/tiff' };
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return { format: 'gif', mime: 'image/gif' };
  return { format: 'unknown' };
}
