import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';

const SIGNATURES: Record<string, { mode: 'alpha' | 'rgb'; compressed: boolean }> = {
  stealth_pnginfo: { mode: 'alpha', compressed: false },
  stealth_pngcomp: { mode: 'alpha', compressed: true },
  stealth_rgbinfo: { mode: 'rgb', compressed: false },
  stealth_rgbcomp: { mode: 'rgb', compressed: true },
};
const SIG_BITS = 15 * 8;

export interface StealthOptions {
  /** Decoding costs a full pixel decode; skip bigger images. */
  maxPixels?: number;
}

/**
 * A1111 "stealth pnginfo": infotext hidden in the least significant bits of alpha (or RGB),
 * read column by column. Returns the infotext or undefined. Never throws.
 */
export async function readStealthPngInfo(input: string | Buffer, width: number, height: number, hasAlpha: boolean, options: StealthOptions = {}): Promise<string | undefined> {
  if (width * height > (options.maxPixels ?? 16_000_000) || width * height < 64) return undefined;
  try {
    const { data, info } = await sharp(input, { limitInputPixels: false }).raw().toBuffer({ resolveWithObject: true });
    const channels = info.channels;
    if (channels < 3) return undefined;
    const modes: ('alpha' | 'rgb')[] = hasAlpha && channels === 4 ? ['alpha', 'rgb'] : ['rgb'];
    for (const mode of modes) {
      const bits = bitReader(data, info.width, info.height, channels, mode);
      const signature = readBytes(bits, 0, 15)?.toString('latin1');
      const spec = signature ? SIGNATURES[signature] : undefined;
      if (!spec || spec.mode !== mode) continue;
      let length = 0;
      for (let i = 0; i < 32; i++) length = length * 2 + bits(SIG_BITS + i);
      if (length <= 0 || length % 8 !== 0) return undefined;
      const payload = readBytes(bits, SIG_BITS + 32, length / 8);
      if (!payload) return undefined;
      return (spec.compressed ? gunzipSync(payload, { maxOutputLength: 4 * 1024 * 1024 }) : payload).toString('utf8');
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Bit i of the hidden stream: pixels are visited x-major (column by column), as the extension writes them. */
function bitReader(data: Buffer, width: number, height: number, channels: number, mode: 'alpha' | 'rgb'): (i: number) => number {
  const total = mode === 'alpha' ? width * height : width * height * 3;
  return (i: number) => {
    if (i >= total) return -1;
    const pixel = mode === 'alpha' ? i : Math.floor(i / 3);
    const x = Math.floor(pixel / height);
    const y = pixel % height;
    const channel = mode === 'alpha' ? channels - 1 : i % 3;
    return data[(y * width + x) * channels + channel] & 1;
  };
}

function readBytes(bits: (i: number) => number, start: number, count: number): Buffer | undefined {
  const out = Buffer.alloc(count);
  for (let b = 0; b < count; b++) {
    let v = 0;
    for (let k = 0; k < 8; k++) {
      const bit = bits(start + b * 8 + k);
      if (bit < 0) return undefined;
      v = (v << 1) | bit;
    }
    out[b] = v;
  }
  return out;
}
