import { deflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import type { TestApp } from './app';
import { eventually } from './ingest';

export const ASSET_PROCESSED = `
  id kind width height durationMs phash aiGenerated operation
  palette { hex weight name }
  thumbnailUrl t1024: thumbnailUrl(size: 1024)
  generation { model prompt negativePrompt seed steps sampler cfgScale tool sources }
  parent { id }
  tags { label source confidence state term { id label slug synonyms parent { label } } }
  processing { state steps { name state error run attempts producerVersion } }
`;

/** Polls the asset until no step is queued or running. */
export async function processed(t: TestApp, key: string, id: string, timeoutMs = 45_000): Promise<any> {
  const res = await eventually(
    () => t.gql(`query($id: ID!) { asset(id: $id) { ${ASSET_PROCESSED} } }`, { id }, key),
    (r) => !!r.data?.asset && r.data.asset.processing.steps.length > 0 && r.data.asset.processing.steps.every((s: { state: string }) => !['QUEUED', 'RUNNING'].includes(s.state)),
    timeoutMs,
  );
  // A field that failed would read as null: say so instead of letting an assertion on null guess why.
  if (res.errors?.length) throw new Error(`asset(${id}) answered with errors: ${JSON.stringify(res.errors)}`);
  return res.data.asset;
}

export function stepOf(asset: any, name: string): { state: string; error: string | null; run: number; producerVersion: string | null } {
  return asset.processing.steps.find((s: { name: string }) => s.name === name);
}

/** A PNG with extra tEXt chunks inserted before IEND (how ComfyUI/A1111 store their metadata). */
export function withPngText(png: Buffer, texts: Record<string, string>): Buffer {
  const iend = png.lastIndexOf(Buffer.from('IEND')) - 4;
  const chunks = Object.entries(texts).map(([k, v]) => {
    const data = Buffer.concat([Buffer.from(k, 'latin1'), Buffer.from([0]), Buffer.from(v, 'latin1')]);
    const type = Buffer.from('tEXt');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((zlib as unknown as { crc32(b: Buffer): number }).crc32(Buffer.concat([type, data])) >>> 0);
    return Buffer.concat([len, type, data, crc]);
  });
  return Buffer.concat([png.subarray(0, iend), ...chunks, png.subarray(iend)]);
}

/** A real decompression bomb: a 1-bit greyscale PNG of `side`² pixels whose zeros deflate to a few KB. */
export function pngBomb(side = 20_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((zlib as unknown as { crc32(b: Buffer): number }).crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((Math.ceil(side / 8) + 1) * side); // filter byte 0 + zero bits per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function hamming(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
