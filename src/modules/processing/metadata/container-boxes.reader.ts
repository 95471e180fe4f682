import type { ByteSource } from './byte-range.source';

/** What the non-PNG containers hold that exifr cannot give us (C2PA stores, WebP EXIF/XMP). */
export interface ContainerScan {
  hasC2pa: boolean;
  exif?: Buffer;
  xmp?: string;
  errors: string[];
}

const C2PA_BMFF_UUID = 'd8fec3d61b0e483c92975828877ec481';
const MAX_META_BYTES = 8 * 1024 * 1024;
const MAX_STEPS = 100_000;

/** Runs a walk over the source; a read error ends it early, keeping what was found so far. */
async function walk(scan: ContainerScan, steps: () => Promise<void>): Promise<ContainerScan> {
  try {
    await steps();
  } catch {
    // keep the partial scan
  }
  return scan;
}

/** JPEG: walks marker segments up to SOS looking for APP11 JUMBF (C2PA). */
export function scanJpeg(source: ByteSource): Promise<ContainerScan> {
  const scan: ContainerScan = { hasC2pa: false, errors: [] };
  return walk(scan, async () => {
    let p = 2;
    for (let i = 0; i < MAX_STEPS && p + 4 <= source.size; i++) {
      const h = await source.read(p, 4);
      if (h.length < 4 || h[0] !== 0xff) { scan.errors.push(`bad marker at ${p}`); break; }
      const marker = h[1];
      if (marker === 0xff) { p++; continue; } // fill byte
      if (marker === 0xda || marker === 0xd9) break; // image data / end
      if (marker >= 0xd0 && marker <= 0xd7) { p += 2; continue; }
      const len = h.readUInt16BE(2);
      if (marker === 0xeb) {
        const body = await source.read(p + 4, Math.min(len - 2, 64));
        if (body.toString('latin1', 0, 2) === 'JP' && (body.includes('jumb') || body.includes('c2pa'))) scan.hasC2pa = true;
      }
      p += 2 + len;
    }
  });
}

/** ISO BMFF (MP4/MOV/HEIC/AVIF): top-level `uuid` box carrying the C2PA UUID. */
export function scanBmff(source: ByteSource): Promise<ContainerScan> {
  const scan: ContainerScan = { hasC2pa: false, errors: [] };
  return walk(scan, async () => {
    let p = 0;
    for (let i = 0; i < MAX_STEPS && p + 8 <= source.size; i++) {
      const h = await source.read(p, 32);
      if (h.length < 8) break;
      let boxSize = h.readUInt32BE(0);
      const type = h.toString('latin1', 4, 8);
      let header = 8;
      if (boxSize === 1 && h.length >= 16) { boxSize = Number(h.readBigUInt64BE(8)); header = 16; }
      else if (boxSize === 0) boxSize = source.size - p;
      if (boxSize < header) { scan.errors.push(`bad box at ${p}`); break; }
      if (type === 'uuid' && h.length >= header + 16 && h.toString('hex', header, header + 16) === C2PA_BMFF_UUID) scan.hasC2pa = true;
      p += boxSize;
    }
  });
}

/** WebP RIFF: EXIF / XMP / C2PA chunks (exifr 7 does not read WebP). */
export function scanWebp(source: ByteSource): Promise<ContainerScan> {
  const scan: ContainerScan = { hasC2pa: false, errors: [] };
  return walk(scan, async () => {
    let p = 12;
    for (let i = 0; i < MAX_STEPS && p + 8 <= source.size; i++) {
      const h = await source.read(p, 8);
      if (h.length < 8) break;
      const type = h.toString('latin1', 0, 4);
      const len = h.readUInt32LE(4);
      if (type === 'C2PA') scan.hasC2pa = true;
      if ((type === 'EXIF' || type === 'XMP ') && len <= MAX_META_BYTES) {
        const body = await source.read(p + 8, len);
        if (type === 'XMP ') scan.xmp = body.toString('utf8');
        // Some writers keep the JPEG-style "Exif\0\0" prefix in front of the TIFF header.
        else scan.exif = body.toString('latin1', 0, 6) === 'Exif\0\0' ? body.subarray(6) : body;
      }
      p += 8 + len + (len % 2);
    }
  });
}
