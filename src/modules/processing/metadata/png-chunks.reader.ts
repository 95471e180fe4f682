import { inflateSync } from 'node:zlib';
import type { ByteSource } from './byte-range.source';

export interface PngTextEntry {
  keyword: string;
  text: string;
  chunk: 'tEXt' | 'zTXt' | 'iTXt';
  languageTag?: string;
  translatedKeyword?: string;
  /** The chunk came after the first IDAT (some tools append metadata late). */
  afterIdat: boolean;
}

export interface PngChunkScan {
  isPng: boolean;
  width?: number;
  height?: number;
  bitDepth?: number;
  colorType?: number;
  texts: PngTextEntry[];
  /** Raw TIFF payload of an eXIf chunk, if present. */
  exif?: Buffer;
  /** A caBX chunk (C2PA JUMBF store) was seen. */
  hasC2pa: boolean;
  chunkTypes: string[];
  reachedIend: boolean;
  /** Problems met on the way; the scan stops at the first structural one. */
  errors: string[];
}

export interface PngScanOptions {
  /** Text/eXIf chunks larger than this are skipped (ComfyUI workflows are KB to low MB). */
  maxChunkBytes?: number;
  /** Cap on inflated zTXt/iTXt output, against zip bombs. */
  maxInflatedBytes?: number;
  maxChunks?: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WANTED = new Set(['IHDR', 'tEXt', 'zTXt', 'iTXt', 'eXIf']);

/**
 * Walks PNG chunks with positional reads: pixel data (IDAT) is skipped, never read, so
 * huge files cost a few small reads. Never throws for bad input; returns what it got.
 */
export async function readPngChunks(source: ByteSource, options: PngScanOptions = {}): Promise<PngChunkScan> {
  const maxChunkBytes = options.maxChunkBytes ?? 16 * 1024 * 1024;
  const maxInflated = options.maxInflatedBytes ?? 16 * 1024 * 1024;
  const maxChunks = options.maxChunks ?? 100_000;
  const scan: PngChunkScan = { isPng: false, texts: [], hasC2pa: false, chunkTypes: [], reachedIend: false, errors: [] };
  try {
    const head = await source.read(0, 8);
    if (head.length < 8 || !head.equals(PNG_SIGNATURE)) return scan;
    scan.isPng = true;
    let offset = 8;
    let seenIdat = false;
    for (let count = 0; count < maxChunks; count++) {
      const header = await source.read(offset, 8);
      if (header.length === 0) { scan.errors.push('truncated: no IEND'); break; }
      if (header.length < 8) { scan.errors.push(`truncated chunk header at ${offset}`); break; }
      const length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) {
        scan.errors.push(`corrupt chunk at ${offset}`);
        break;
      }
      if (scan.chunkTypes.length < 64 && scan.chunkTypes[scan.chunkTypes.length - 1] !== type) scan.chunkTypes.push(type);
      if (type === 'IEND') { scan.reachedIend = true; break; }
      if (type === 'IDAT') seenIdat = true;
      if (type === 'caBX') scan.hasC2pa = true;
      if (WANTED.has(type)) {
        if (length > maxChunkBytes) {
          scan.errors.push(`${type} chunk of ${length} bytes skipped`);
        } else {
          const data = await source.read(offset + 8, length);
          if (data.length < length) { scan.errors.push(`truncated ${type} chunk at ${offset}`); break; }
          handleChunk(scan, type, data, seenIdat, maxInflated);
        }
      }
      offset += 12 + length; // length + type + data + CRC (CRC not verified: tools rarely get it wrong, and we only read text)
    }
  } catch (err) {
    scan.errors.push(`read: ${(err as Error).message}`);
  }
  return scan;
}

function handleChunk(scan: PngChunkScan, type: string, data: Buffer, afterIdat: boolean, maxInflated: number): void {
  try {
    if (type === 'IHDR' && data.length >= 13) {
      scan.width = data.readUInt32BE(0);
      scan.height = data.readUInt32BE(4);
      scan.bitDepth = data[8];
      scan.colorType = data[9];
    } else if (type === 'eXIf') {
      scan.exif = data;
    } else if (type === 'tEXt') {
      const z = data.indexOf(0);
      if (z <= 0) throw new Error('no keyword');
      scan.texts.push({ keyword: data.toString('latin1', 0, z), text: decodeLatin1OrUtf8(data.subarray(z + 1)), chunk: type, afterIdat });
    } else if (type === 'zTXt') {
      const z = data.indexOf(0);
      if (z <= 0 || data[z + 1] !== 0) throw new Error('bad header');
      const text = decodeLatin1OrUtf8(inflateSync(data.subarray(z + 2), { maxOutputLength: maxInflated }));
      scan.texts.push({ keyword: data.toString('latin1', 0, z), text, chunk: type, afterIdat });
    } else if (type === 'iTXt') {
      scan.texts.push(parseItxt(data, afterIdat, maxInflated));
    }
  } catch (err) {
    scan.errors.push(`${type}: ${(err as Error).message}`);
  }
}

function parseItxt(data: Buffer, afterIdat: boolean, maxInflated: number): PngTextEntry {
  const z = data.indexOf(0);
  if (z <= 0 || z + 3 > data.length) throw new Error('bad header');
  const compressed = data[z + 1] === 1;
  const langEnd = data.indexOf(0, z + 3);
  if (langEnd < 0) throw new Error('bad language tag');
  const transEnd = data.indexOf(0, langEnd + 1);
  if (transEnd < 0) throw new Error('bad translated keyword');
  let body = data.subarray(transEnd + 1);
  if (compressed) body = inflateSync(body, { maxOutputLength: maxInflated });
  const entry: PngTextEntry = { keyword: data.toString('latin1', 0, z), text: body.toString('utf8'), chunk: 'iTXt', afterIdat };
  const languageTag = data.toString('latin1', z + 3, langEnd);
  const translatedKeyword = data.toString('utf8', langEnd + 1, transEnd);
  if (languageTag) entry.languageTag = languageTag;
  if (translatedKeyword) entry.translatedKeyword = translatedKeyword;
  return entry;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** tEXt/zTXt are Latin-1 by spec, but several generators write UTF-8 there; prefer UTF-8 when it decodes. */
export function decodeLatin1OrUtf8(bytes: Buffer): string {
  if (!bytes.some((b) => b >= 0x80)) return bytes.toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
