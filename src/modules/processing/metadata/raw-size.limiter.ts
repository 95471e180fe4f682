export const TRUNCATION_MARKER = '…[truncated]';

/**
 * Keeps `raw` under `maxBytes` of JSON: long strings are cut first (with a marker), then
 * the biggest entries are replaced by a marker object until it fits.
 */
export function limitRawSize(raw: Record<string, unknown>, maxBytes = 64 * 1024, maxStringChars = 16 * 1024): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = truncateStrings(v, maxStringChars, 0);
  let size = jsonBytes(out);
  if (size <= maxBytes) return out;
  const entries = Object.keys(out)
    .map((k) => ({ k, bytes: jsonBytes(out[k]) }))
    .sort((a, b) => b.bytes - a.bytes);
  for (const { k, bytes } of entries) {
    if (size <= maxBytes) break;
    out[k] = { truncated: true, originalBytes: bytes, marker: TRUNCATION_MARKER };
    size = jsonBytes(out);
  }
  return out;
}

function truncateStrings(value: unknown, maxChars: number, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > maxChars ? `${value.slice(0, maxChars)}${TRUNCATION_MARKER}(${value.length} chars)` : value;
  }
  if (depth > 8 || value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (Array.isArray(value)) return value.slice(0, 1000).map((v) => truncateStrings(v, maxChars, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = truncateStrings(v, maxChars, depth + 1);
  return out;
}

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return 0;
  }
}
