/**
 * Postgres jsonb rejects the NUL character (\u0000), which EXIF/IPTC strings often carry
 * (C-string padding). Drops it from every string, deeply; everything else is kept as is.
 */
export function jsonbSafe<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.replace(/\u0000/g, '') as T;
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => jsonbSafe(v, depth + 1)) as T;
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(/\u0000/g, '')] = jsonbSafe(v, depth + 1);
  return out as T;
}
