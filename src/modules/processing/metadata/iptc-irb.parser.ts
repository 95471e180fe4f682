/**
 * IPTC-IIM from a Photoshop IRB (8BIM resource 0x0404), as PNG tools store it in the
 * "Raw profile type iptc" text chunk (hex). Only record 2 (application) is decoded.
 */
const DATASETS: Record<number, string> = {
  5: 'ObjectName', 25: 'Keywords', 55: 'DateCreated', 60: 'TimeCreated', 65: 'OriginatingProgram', 80: 'Byline',
  105: 'Headline', 110: 'Credit', 115: 'Source', 116: 'CopyrightNotice', 120: 'Caption',
};

/** ImageMagick-style raw profile text: "\niptc\n      <len>\n<hex...>". */
export function decodeRawProfileHex(text: string): Buffer | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length < 3) return undefined;
  const hex = lines.slice(2).join('');
  if (!/^[0-9a-f]*$/i.test(hex) || hex.length % 2) return undefined;
  return Buffer.from(hex, 'hex');
}

export function parseIptcFromIrb(irb: Buffer): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let p = 0;
  while (p + 12 <= irb.length && irb.toString('latin1', p, p + 4) === '8BIM') {
    const id = irb.readUInt16BE(p + 4);
    const nameLen = irb[p + 6];
    let q = p + 7 + nameLen;
    if ((nameLen + 1) % 2) q++; // Pascal name padded to even length
    if (q + 4 > irb.length) break;
    const size = irb.readUInt32BE(q);
    const start = q + 4;
    if (id === 0x0404) Object.assign(out, parseIim(irb.subarray(start, Math.min(irb.length, start + size))));
    p = start + size + (size % 2);
  }
  return out;
}

export function parseIim(data: Buffer): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let p = 0;
  while (p + 5 <= data.length && data[p] === 0x1c) {
    const record = data[p + 1];
    const dataset = data[p + 2];
    const len = data.readUInt16BE(p + 3);
    if (len & 0x8000) break; // extended length: not used for text fields
    const value = data.toString('utf8', p + 5, Math.min(data.length, p + 5 + len));
    const name = record === 2 ? DATASETS[dataset] : undefined;
    if (name) {
      const prev = out[name];
      out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    p += 5 + len;
  }
  return out;
}
